using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Incidents.Web.Data;

/// <summary>DateTimeOffset ⇄ UTC ticks (INTEGER): sortable and comparable on SQLite; reads back with offset zero.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>Stores every DateTimeOffset with offset zero, so values read back are UTC whatever was written.</summary>
internal sealed class UtcNormalizingConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value.ToUniversalTime());
