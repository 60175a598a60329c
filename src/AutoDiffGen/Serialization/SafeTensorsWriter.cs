using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AutoDiffGen.Serialization;

/// <summary>
/// Writes tensors in the safetensors format byte for byte as the reference writer (Python's
/// <c>safetensors.torch.save_file</c>, which calls safetensors/src/tensor.rs <c>prepare</c>): tensors sorted by
/// dtype rank (descending) then name; a compact JSON header with <c>__metadata__</c> first and each entry as
/// <c>{"dtype":..,"shape":[..],"data_offsets":[b,e]}</c>; the header padded with spaces to a multiple of 8 bytes;
/// then the tensors' bytes, little-endian and row-major, back to back.
/// </summary>
/// <remarks>
/// The header is written by hand rather than with <c>Utf8JsonWriter</c> because being byte-identical needs
/// serde_json's escaping exactly (only <c>"</c>, <c>\</c> and control characters, as <c>\uXXXX</c> in lower-case hex
/// where there is no short form); System.Text.Json's encoders also escape non-ASCII and HTML characters.
/// Metadata keys, which the reference writer keeps in a hash map (no fixed order), are written sorted so that the
/// output is deterministic.
/// </remarks>
internal static class SafeTensorsWriter
{
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var items = Prepare(tensors);
        var header = Header(items, metadata);
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)header.Length);
        stream.Write(size);
        stream.Write(header);
        foreach (var item in items)
        {
            WriteData(stream, item.Tensor);
        }
    }

    /// <summary>The tensors, checked and in the order the reference writer puts them.</summary>
    private static List<Item> Prepare(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var items = new List<Item>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (name is null)
            {
                throw new ArgumentException("SafeTensors: a tensor has a null name; every tensor needs a name such as \"fc1.weight\".", nameof(tensors));
            }

            if (tensor is null)
            {
                throw new ArgumentException($"SafeTensors: the tensor named '{name}' is null.", nameof(tensors));
            }

            if (name == "__metadata__")
            {
                throw new ArgumentException("SafeTensors: '__metadata__' is reserved by the format for the free-form metadata; pass such strings as metadata instead.", nameof(tensors));
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"SafeTensors: two tensors are named '{name}'; names must be unique.", nameof(tensors));
            }

            items.Add(new Item(name, Utf8(name, "tensor name"), tensor));
        }

        items.Sort((a, b) =>
        {
            var byRank = SafeTensorsDTypes.Rank(b.Tensor.DType).CompareTo(SafeTensorsDTypes.Rank(a.Tensor.DType));
            return byRank != 0 ? byRank : a.Utf8Name.AsSpan().SequenceCompareTo(b.Utf8Name);
        });
        return items;
    }

    private static byte[] Header(List<Item> items, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        Raw(json, "{");
        var first = true;
        if (metadata is not null)
        {
            var pairs = new List<(byte[] Key, byte[] Value)>();
            foreach (var (key, value) in metadata)
            {
                if (key is null || value is null)
                {
                    throw new ArgumentException("SafeTensors: metadata keys and values must not be null.", nameof(metadata));
                }

                pairs.Add((Utf8(key, "metadata key"), Utf8(value, "metadata value")));
            }

            pairs.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
            Raw(json, "\"__metadata__\":{");
            for (var i = 0; i < pairs.Count; i++)
            {
                Raw(json, i == 0 ? "" : ",");
                String(json, pairs[i].Key);
                Raw(json, ":");
                String(json, pairs[i].Value);
            }

            Raw(json, "}");
            first = false;
        }

        long offset = 0;
        foreach (var item in items)
        {
            var t = item.Tensor;
            var end = checked(offset + ((long)t.NumElements * t.DType.ElementSize()));
            Raw(json, first ? "" : ",");
            String(json, item.Utf8Name);
            Raw(json, ":{\"dtype\":\"" + SafeTensorsDTypes.Name(t.DType) + "\",\"shape\":[");
            for (var d = 0; d < t.Dim; d++)
            {
                Raw(json, d == 0 ? "" : ",");
                Number(json, t.Size(d));
            }

            Raw(json, "],\"data_offsets\":[");
            Number(json, offset);
            Raw(json, ",");
            Number(json, end);
            Raw(json, "]}");
            offset = end;
            first = false;
        }

        Raw(json, "}");
        var padding = (8 - (json.WrittenCount % 8)) % 8;
        json.GetSpan(padding)[..padding].Fill((byte)' ');
        json.Advance(padding);
        if (json.WrittenCount > SafeTensorsHeader.MaxHeaderSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"SafeTensors: the header would be {json.WrittenCount} bytes, more than the {SafeTensorsHeader.MaxHeaderSize} that readers accept; use fewer or shorter names and metadata."));
        }

        return json.WrittenSpan.ToArray();
    }

    /// <summary>Writes a tensor's elements row-major and little-endian (a device tensor is copied to the host first).</summary>
    private static void WriteData(Stream stream, Tensor tensor)
    {
        var host = tensor.Device == Device.Cpu ? tensor.Contiguous() : tensor.To(Device.Cpu);
        switch (host.DType)
        {
            case DType.Float32: WriteElements(stream, host.ContiguousSpan<float>()); break;
            case DType.Float64: WriteElements(stream, host.ContiguousSpan<double>()); break;
            case DType.Int64: WriteElements(stream, host.ContiguousSpan<long>()); break;
            case DType.Int32: WriteElements(stream, host.ContiguousSpan<int>()); break;
            default: stream.Write(MemoryMarshal.AsBytes(host.ContiguousSpan<bool>())); break;
        }
    }

    private static void WriteElements<T>(Stream stream, Span<T> elements)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(elements));
            return;
        }

        var copy = elements.ToArray();
        Endian.Reverse<T>(copy);
        stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
    }

    private static byte[] Utf8(string text, string what)
    {
        try
        {
            return _strictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"SafeTensors: the {what} '{text}' is not valid Unicode (it has an unpaired surrogate), so it cannot be written as UTF-8.", e);
        }
    }

    private static void Raw(ArrayBufferWriter<byte> json, string ascii)
    {
        var span = json.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        json.Advance(ascii.Length);
    }

    private static void Number(ArrayBufferWriter<byte> json, long value)
    {
        value.TryFormat(json.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        json.Advance(written);
    }

    /// <summary>A JSON string escaped as serde_json escapes it (its ESCAPE table): short forms, else \u00xx.</summary>
    private static void String(ArrayBufferWriter<byte> json, ReadOnlySpan<byte> utf8)
    {
        Raw(json, "\"");
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"': Raw(json, "\\\""); break;
                case (byte)'\\': Raw(json, "\\\\"); break;
                case 0x08: Raw(json, "\\b"); break;
                case 0x09: Raw(json, "\\t"); break;
                case 0x0A: Raw(json, "\\n"); break;
                case 0x0C: Raw(json, "\\f"); break;
                case 0x0D: Raw(json, "\\r"); break;
                case < 0x20: Raw(json, string.Create(CultureInfo.InvariantCulture, $"\\u{b:x4}")); break;
                default:
                    json.GetSpan(1)[0] = b;
                    json.Advance(1);
                    break;
            }
        }

        Raw(json, "\"");
    }

    private sealed record Item(string Name, byte[] Utf8Name, Tensor Tensor);
}
