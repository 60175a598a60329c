using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AutoDiffGen.Serialization;

/// <summary>
/// Parses a safetensors header (the JSON after the 8-byte size) and checks it against the size of the data buffer
/// the way the reference implementation does (safetensors/src/tensor.rs, <c>Metadata::validate</c> and
/// <c>read_metadata</c>): known dtypes, shapes of non-negative integers, byte ranges that match shape × dtype size
/// without overflow and tile the buffer exactly (sorted by offset, no overlap, no gap, nothing left over). It also
/// rejects what the reference parser lets through silently: a name given twice (serde keeps the last one).
/// </summary>
internal static class SafeTensorsHeaderReader
{
    private const long SizeField = 8;

    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long dataLength, CheckpointSource source)
    {
        if (!Utf8.IsValid(json))
        {
            throw source.Error("the header is not valid UTF-8; this is not a safetensors file or it is damaged", byteOffset: SizeField + FirstInvalidUtf8(json));
        }

        var (raw, metadata) = ParseJson(json, source);
        var dataStart = SizeField + json.Length;
        return new SafeTensorsHeader(Validate(raw, dataLength, dataStart, source), metadata, dataStart);
    }

    private static (List<RawEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ParseJson(ReadOnlySpan<byte> json, CheckpointSource source)
    {
        var entries = new List<RawEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var sawMetadata = false;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw source.Error("the header is not a JSON object; a safetensors header looks like {\"name\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]}}", byteOffset: SizeField + reader.TokenStartIndex);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var at = SizeField + reader.TokenStartIndex;
                var name = reader.GetString()!;
                reader.Read();
                if (name == "__metadata__")
                {
                    if (sawMetadata)
                    {
                        throw source.Error("the header has two '__metadata__' entries", byteOffset: at);
                    }

                    sawMetadata = true;
                    ReadMetadata(ref reader, metadata, source);
                }
                else if (!names.Add(name))
                {
                    throw source.Error($"the tensor name '{name}' appears twice in the header", name, at);
                }
                else
                {
                    entries.Add(ReadEntry(ref reader, name, at, source));
                }
            }

            // The root object is closed; Read() throws if anything but whitespace (the writer's padding) follows.
            if (reader.Read())
            {
                throw source.Error("the header has more after its JSON object", byteOffset: SizeField + reader.TokenStartIndex);
            }
        }
        catch (JsonException e)
        {
            long? at = e.LineNumber == 0 && e.BytePositionInLine is { } column ? SizeField + column : null;
            throw source.Error($"the header is not valid JSON ({JsonReason(e)})", byteOffset: at, inner: e);
        }
        catch (InvalidOperationException e)
        {
            // GetString throws this for a \u escape of a lone surrogate, which serde_json rejects too.
            throw source.Error($"the header has a string that is not valid Unicode ({e.Message.TrimEnd('.')})", inner: e);
        }

        return (entries, metadata);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, OrderedDictionary<string, string> metadata, CheckpointSource source)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            // serde reads "__metadata__": null as no metadata; so do we.
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw source.Error($"'__metadata__' is {Describe(ref reader)}, not an object of strings", byteOffset: SizeField + reader.TokenStartIndex);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var at = SizeField + reader.TokenStartIndex;
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw source.Error($"the '__metadata__' value of '{key}' is {Describe(ref reader)}; metadata values must be strings", byteOffset: at);
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw source.Error($"the '__metadata__' key '{key}' appears twice", byteOffset: at);
            }
        }
    }

    private static RawEntry ReadEntry(ref Utf8JsonReader reader, string name, long at, CheckpointSource source)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw source.Error($"the entry of tensor '{name}' is {Describe(ref reader)}, not an object with 'dtype', 'shape' and 'data_offsets'", name, at);
        }

        string? dtype = null;
        ulong[]? shape = null;
        ulong[]? offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var fieldAt = SizeField + reader.TokenStartIndex;
            var field = reader.GetString();
            reader.Read();
            switch (field)
            {
                case "dtype":
                    if (dtype is not null)
                    {
                        throw source.Error($"tensor '{name}' has two 'dtype' fields", name, fieldAt);
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw source.Error($"the dtype of tensor '{name}' is {Describe(ref reader)}, not a string such as \"F32\"", name, fieldAt);
                    }

                    dtype = reader.GetString()!;
                    if (!SafeTensorsDTypes.TryGetBits(dtype, out _))
                    {
                        throw source.Error($"tensor '{name}' has the unknown dtype '{dtype}'; safetensors dtypes are {SafeTensorsDTypes.KnownNames}", name, fieldAt);
                    }

                    break;
                case "shape":
                    shape = shape is null ? ReadIntegers(ref reader, name, "shape", source) : throw source.Error($"tensor '{name}' has two 'shape' fields", name, fieldAt);
                    break;
                case "data_offsets":
                    offsets = offsets is null ? ReadIntegers(ref reader, name, "data_offsets", source) : throw source.Error($"tensor '{name}' has two 'data_offsets' fields", name, fieldAt);
                    if (offsets.Length != 2)
                    {
                        throw source.Error($"the data_offsets of tensor '{name}' have {offsets.Length} numbers; they must be two, [begin, end]", name, fieldAt);
                    }

                    break;
                default:
                    // The reference parser ignores fields it does not know; so do we.
                    reader.Skip();
                    break;
            }
        }

        var missing = dtype is null ? "dtype" : shape is null ? "shape" : offsets is null ? "data_offsets" : null;
        if (missing is not null)
        {
            throw source.Error($"the entry of tensor '{name}' has no '{missing}'", name, at);
        }

        return new RawEntry(name, dtype!, shape!, offsets![0], offsets[1]);
    }

    private static ulong[] ReadIntegers(ref Utf8JsonReader reader, string name, string field, CheckpointSource source)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw source.Error($"the {field} of tensor '{name}' is {Describe(ref reader)}, not a list of non-negative integers", name, SizeField + reader.TokenStartIndex);
        }

        var values = new List<ulong>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var value))
            {
                throw source.Error($"element {values.Count} of the {field} of tensor '{name}' is {Describe(ref reader)}; it must be a non-negative integer", name, SizeField + reader.TokenStartIndex);
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>Orders the entries by offset and checks that they tile the data buffer with the right sizes.</summary>
    private static SafeTensorsEntry[] Validate(List<RawEntry> raw, long dataLength, long dataStart, CheckpointSource source)
    {
        // As the reference reader: sort by (begin, end); the name breaks ties between empty tensors deterministically.
        raw.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End != b.End ? a.End.CompareTo(b.End) : string.CompareOrdinal(a.Name, b.Name));
        var entries = new SafeTensorsEntry[raw.Count];
        ulong expected = 0;
        string? previous = null;
        for (var i = 0; i < raw.Count; i++)
        {
            var (name, dtype, shape, begin, end) = raw[i];
            var range = string.Create(CultureInfo.InvariantCulture, $"data_offsets [{begin}, {end}]");
            if (end < begin)
            {
                throw source.Error($"tensor '{name}' has {range}: the end is before the begin", name);
            }

            if (end > (ulong)dataLength)
            {
                throw source.Error(string.Create(CultureInfo.InvariantCulture, $"tensor '{name}' has {range}, past the end of the data: the file holds {dataLength} bytes after the header"), name, dataStart + dataLength);
            }

            if (begin < expected)
            {
                throw source.Error(string.Create(CultureInfo.InvariantCulture, $"tensor '{name}' ({range}) overlaps tensor '{previous}', which ends at {expected}"), name, dataStart + (long)begin);
            }

            if (begin > expected)
            {
                var after = previous is null ? "at the start of the data" : $"after tensor '{previous}'";
                throw source.Error(string.Create(CultureInfo.InvariantCulture, $"bytes [{expected}, {begin}) of the data {after} belong to no tensor; safetensors data must be covered by the tensors without gaps (next is '{name}', {range})"), name, dataStart + (long)expected);
            }

            var needed = ByteSize(name, dtype, shape, source);
            if (end - begin != needed)
            {
                throw source.Error(string.Create(CultureInfo.InvariantCulture, $"tensor '{name}' of dtype {dtype} and shape {FormatShape(shape)} needs {needed} bytes, but its {range} hold {end - begin}"), name, dataStart + (long)begin);
            }

            entries[i] = new SafeTensorsEntry(name, dtype, CheckedShape(name, shape, source), (long)begin, (long)end);
            expected = end;
            previous = name;
        }

        if (expected != (ulong)dataLength)
        {
            var last = previous is null ? "the header lists no tensors" : $"the last tensor, '{previous}', ends at byte {expected}";
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"{dataLength} bytes follow the header but {last}; bytes [{expected}, {dataLength}) of the data belong to no tensor (the file has trailing data or a damaged header)"), byteOffset: dataStart + (long)expected);
        }

        return entries;
    }

    private static ulong ByteSize(string name, string dtype, ulong[] shape, CheckpointSource source)
    {
        SafeTensorsDTypes.TryGetBits(dtype, out var bits);
        try
        {
            var elements = 1UL;
            foreach (var size in shape)
            {
                elements = checked(elements * size);
            }

            var totalBits = checked(elements * (ulong)bits);
            if (totalBits % 8 != 0)
            {
                throw source.Error(string.Create(CultureInfo.InvariantCulture, $"tensor '{name}' of dtype {dtype} and shape {FormatShape(shape)} does not fill a whole number of bytes"), name);
            }

            return totalBits / 8;
        }
        catch (OverflowException e)
        {
            throw source.Error($"the size of tensor '{name}' (shape {FormatShape(shape)}, dtype {dtype}) overflows 64 bits", name, inner: e);
        }
    }

    /// <summary>The shape as AutoDiffGen holds it: each size and the element count must fit an int.</summary>
    private static long[] CheckedShape(string name, ulong[] shape, CheckpointSource source)
    {
        // ByteSize has checked that no partial product overflows 64 bits, so this one cannot either.
        var elements = 1UL;
        foreach (var size in shape)
        {
            elements *= size;
            if (size > int.MaxValue || elements > int.MaxValue)
            {
                throw source.Error(string.Create(CultureInfo.InvariantCulture, $"tensor '{name}' has shape {FormatShape(shape)}; AutoDiffGen tensors hold at most {int.MaxValue} elements with sizes up to {int.MaxValue}"), name);
            }
        }

        return Array.ConvertAll(shape, s => (long)s);
    }

    private static string FormatShape(ulong[] shape) => "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{reader.GetString()}\"",
        JsonTokenType.Number => $"the number {Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True or JsonTokenType.False => $"the boolean {(reader.TokenType == JsonTokenType.True ? "true" : "false")}",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        _ => reader.TokenType.ToString(),
    };

    /// <summary>The reader's reason without its position (reported as a byte offset) or its advice about reader options.</summary>
    private static string JsonReason(JsonException e)
    {
        var reason = e.Message;
        var position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        reason = position >= 0 ? reason[..position] : reason;
        return reason.Replace(" Change the reader options.", "", StringComparison.Ordinal).TrimEnd('.', ' ');
    }

    private static long FirstInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var at = 0;
        while (at < json.Length && System.Buffers.OperationStatus.Done == Rune.DecodeFromUtf8(json[at..], out _, out var consumed))
        {
            at += consumed;
        }

        return at;
    }

    private readonly record struct RawEntry(string Name, string DType, ulong[] Shape, ulong Begin, ulong End);
}
