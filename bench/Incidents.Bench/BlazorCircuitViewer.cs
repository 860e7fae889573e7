using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary>
/// A person's open page without the browser: a Blazor Server circuit driven over the protocol blazor.web.js speaks
/// (SignalR over a WebSocket, the "blazorpack" MessagePack hub protocol). It loads the page with the person's cookie,
/// starts a circuit for the page's prerendered root components, acknowledges every render batch (the server stops
/// sending after ten unacknowledged) and answers the page's JavaScript calls as a browser with nothing to report would.
/// The server does everything it does for a browser — circuit, renders, diffs, sends — and this process does not lay out
/// a page, so on a shared machine the server's cost of people watching is what is measured. Each render batch is handed
/// to <see cref="Rendered"/> with the time it arrived.
/// </summary>
internal sealed partial class BlazorCircuitViewer : IAsyncDisposable
{
    /// <summary>Calls whose answer the page reads (MudBlazor's popover provider count); every other call gets null.</summary>
    private static readonly Dictionary<string, string> Answers = new(StringComparer.Ordinal) { ["mudpopoverHelper.countProviders"] = "1" };

    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private Task? receiving;

    private BlazorCircuitViewer()
    {
    }

    /// <summary>A render batch arrived (its bytes, and when, in Unix milliseconds).</summary>
    public event Action<byte[], double>? Rendered;

    /// <summary>What the server said when it gave up on the circuit (JS.Error), if it did.</summary>
    public string? Error { get; private set; }

    public static async Task<BlazorCircuitViewer> OpenAsync(Uri baseUri, string path, CookieContainer cookies, Action<byte[], double> rendered)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUri };
        var html = await http.GetStringAsync(path);
        var markers = Markers().Matches(html).Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement)
            .Where(m => m.TryGetProperty("descriptor", out _)).ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{path} has no interactive server components (signed out?).");
        }

        var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        using var negotiate = await http.PostAsync("_blazor/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString();

        var viewer = new BlazorCircuitViewer();
        viewer.Rendered += rendered;
        viewer.socket.Options.Cookies = cookies;
        var ws = new UriBuilder(baseUri) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws", Path = "/_blazor", Query = $"id={token}" }.Uri;
        await viewer.socket.ConnectAsync(ws, CancellationToken.None);
        await viewer.socket.SendAsync("""{"protocol":"blazorpack","version":1}"""u8.ToArray().Append((byte)0x1e).ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var handshake = await viewer.socket.ReceiveAsync(buffer, CancellationToken.None);
        if (Encoding.UTF8.GetString(buffer, 0, handshake.Count).Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The Blazor hub refused the handshake: " + Encoding.UTF8.GetString(buffer, 0, handshake.Count));
        }

        viewer.receiving = viewer.ReceiveAsync();
        var url = new Uri(baseUri, path).ToString();
        await viewer.InvokeAsync("StartCircuit", "0", baseUri.ToString(), url, "[]", state);
        var operations = markers.Select((marker, i) => new
        {
            type = "add",
            ssrComponentId = i + 1,
            marker = new
            {
                type = marker.GetProperty("type").GetString(),
                prerenderId = marker.TryGetProperty("prerenderId", out var p) ? p.GetString() : null,
                key = marker.TryGetProperty("key", out var k) ? k : default(JsonElement?),
                sequence = marker.GetProperty("sequence").GetInt32(),
                descriptor = marker.GetProperty("descriptor").GetString(),
                uniqueId = i,
            },
        });
        await viewer.InvokeAsync("UpdateRootComponents", null, JsonSerializer.Serialize(new { batchId = 1, operations }), state);
        return viewer;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
        {
            // Already closed by the server.
        }

        if (receiving is not null)
        {
            await receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        socket.Dispose();
        stop.Dispose();
        sending.Dispose();
    }

    private async Task InvokeAsync(string target, string? invocationId, params object?[] arguments)
    {
        var message = new MessagePackWriter();
        message.Array(5);
        message.Int(1);
        message.Map(0);
        message.Value(invocationId);
        message.Value(target);
        message.Array(arguments.Length);
        foreach (var argument in arguments)
        {
            message.Value(argument);
        }

        var body = message.ToArray();
        var frame = new List<byte>(body.Length + 5);
        for (var length = (uint)body.Length; ; length >>= 7)
        {
            frame.Add((byte)(length < 0x80 ? length : (length & 0x7f) | 0x80));
            if (length < 0x80)
            {
                break;
            }
        }

        frame.AddRange(body);
        await sending.WaitAsync();
        try
        {
            await socket.SendAsync(frame.ToArray(), WebSocketMessageType.Binary, true, stop.Token);
        }
        finally
        {
            sending.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var arrived = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var data = message.ToArray();
            message.SetLength(0);
            for (var offset = 0; offset < data.Length;)
            {
                // Each hub message: its length as a 7-bit varint, then a MessagePack array.
                var (length, shift) = (0, 0);
                byte b;
                do
                {
                    b = data[offset++];
                    length |= (b & 0x7f) << shift;
                    shift += 7;
                }
                while ((b & 0x80) != 0);

                var reader = new MessagePackReader(data.AsMemory(offset, length));
                offset += length;
                if (reader.Read() is object?[] { Length: > 0 } hub)
                {
                    await HandleAsync(hub, arrived);
                }
            }
        }
    }

    private async Task HandleAsync(object?[] hub, double arrived)
    {
        // Invocation: [1, headers, invocation id, target, arguments, …].
        if (hub[0] is not 1L || hub.Length < 5 || hub[4] is not object?[] args)
        {
            return;
        }

        switch (hub[3] as string)
        {
            case "JS.RenderBatch" when args is [long batchId, byte[] batch, ..]:
                Rendered?.Invoke(batch, arrived);
                await InvokeAsync("OnRenderCompleted", null, batchId, null);
                break;
            case "JS.BeginInvokeJS" when args is [long taskId, string identifier, ..]:
                var result = Answers.GetValueOrDefault(identifier, "null");
                await InvokeAsync("EndInvokeJSFromDotNet", null, taskId, true, $"[{taskId},true,{result}]");
                break;
            case "JS.Error" when args is [string error, ..]:
                Error = error;
                break;
        }
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Markers();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();

    /// <summary>The little of MessagePack the hub protocol's invocations need.</summary>
    private sealed class MessagePackWriter
    {
        private readonly List<byte> bytes = [];

        public byte[] ToArray() => [.. bytes];

        public void Array(int count)
        {
            if (count < 16)
            {
                bytes.Add((byte)(0x90 | count));
            }
            else
            {
                bytes.Add(0xdc);
                bytes.Add((byte)(count >> 8));
                bytes.Add((byte)count);
            }
        }

        public void Map(int count) => bytes.Add((byte)(0x80 | count));

        public void Int(long value)
        {
            if (value is >= 0 and < 128)
            {
                bytes.Add((byte)value);
                return;
            }

            var big = new byte[9];
            big[0] = 0xd3;
            BinaryPrimitives.WriteInt64BigEndian(big.AsSpan(1), value);
            bytes.AddRange(big);
        }

        public void Value(object? value)
        {
            switch (value)
            {
                case null:
                    bytes.Add(0xc0);
                    break;
                case bool flag:
                    bytes.Add(flag ? (byte)0xc3 : (byte)0xc2);
                    break;
                case int or long:
                    Int(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case string text:
                    var utf8 = Encoding.UTF8.GetBytes(text);
                    var header = new byte[5];
                    header[0] = 0xdb;
                    BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)utf8.Length);
                    bytes.AddRange(header);
                    bytes.AddRange(utf8);
                    break;
                default:
                    throw new NotSupportedException(value.GetType().Name);
            }
        }
    }

    /// <summary>Reads one MessagePack value: integers as long, strings, bin as byte[], arrays as object?[], maps skipped.</summary>
    private ref struct MessagePackReader(ReadOnlyMemory<byte> memory)
    {
        private readonly ReadOnlySpan<byte> data = memory.Span;
        private int at;

        public object? Read()
        {
            var b = data[at++];
            return b switch
            {
                <= 0x7f => (long)b,
                >= 0xe0 => (long)(sbyte)b,
                >= 0x80 and <= 0x8f => SkipMap(b & 0x0f),
                >= 0x90 and <= 0x9f => ReadArray(b & 0x0f),
                >= 0xa0 and <= 0xbf => ReadString(b & 0x1f),
                0xc0 => null,
                0xc2 => false,
                0xc3 => true,
                0xc4 => ReadBytes(Take(1)[0]),
                0xc5 => ReadBytes(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xc6 => ReadBytes((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
                0xca => (double)BinaryPrimitives.ReadSingleBigEndian(Take(4)),
                0xcb => BinaryPrimitives.ReadDoubleBigEndian(Take(8)),
                0xcc => (long)Take(1)[0],
                0xcd => (long)BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
                0xce => (long)BinaryPrimitives.ReadUInt32BigEndian(Take(4)),
                0xcf => (long)BinaryPrimitives.ReadUInt64BigEndian(Take(8)),
                0xd0 => (long)(sbyte)Take(1)[0],
                0xd1 => (long)BinaryPrimitives.ReadInt16BigEndian(Take(2)),
                0xd2 => (long)BinaryPrimitives.ReadInt32BigEndian(Take(4)),
                0xd3 => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
                0xd9 => ReadString(Take(1)[0]),
                0xda => ReadString(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xdb => ReadString((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
                0xdc => ReadArray(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xdd => ReadArray((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
                0xde => SkipMap(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
                0xdf => SkipMap((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
                _ => throw new NotSupportedException($"MessagePack type 0x{b:x2}"),
            };
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            var span = data.Slice(at, count);
            at += count;
            return span;
        }

        private byte[] ReadBytes(int count) => Take(count).ToArray();

        private string ReadString(int count) => Encoding.UTF8.GetString(Take(count));

        private object?[] ReadArray(int count)
        {
            var items = new object?[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = Read();
            }

            return items;
        }

        private object? SkipMap(int count)
        {
            for (var i = 0; i < count * 2; i++)
            {
                Read();
            }

            return null;
        }
    }
}
