using System.Text.Json;
using System.Text.Json.Nodes;

namespace Incidents.Web.Infrastructure;

/// <summary>
/// Inbound JSON read strictly and at once: <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
/// is lazy, so invalid UTF-8, a lone surrogate (<c>"\ud83d"</c>) or a duplicate key would surface only later, as an
/// exception deep in a handler. Here they make the whole body unreadable (null), which endpoints answer with a 400.
/// </summary>
internal static class StrictJson
{
    private const int MaxDepth = 64;

    public static JsonNode? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
            Validate(document.RootElement);
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A string value, or null when the node is missing, blank or not a string (never throws).</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    /// <summary>A whole number, or null when the node is missing or not one (never throws).</summary>
    public static long? WholeNumber(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    private static void Validate(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        throw new JsonException($"Duplicate key '{property.Name}'.");
                    }

                    Validate(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Validate(item);
                }

                break;
            case JsonValueKind.String:
                // Throws for invalid UTF-8 and for escapes that are not valid UTF-16 (lone surrogates).
                _ = element.GetString();
                break;
            case JsonValueKind.Undefined:
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Null:
                break;
        }
    }
}
