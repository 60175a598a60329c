using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Serialization;

/// <summary>
/// Reads a safetensors stream into tensors. The 8-byte size and the header are checked against the stream's
/// length before anything is allocated for them, and the header against the data before any tensor is allocated,
/// so a hostile file can make us allocate at most about its own size (twice for F16/BF16, which load as Float32).
/// </summary>
internal static class SafeTensorsReader
{
    /// <summary>Reads all tensors (in data order) and the metadata; a non-seekable stream is buffered in memory first.</summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(Stream stream, CheckpointSource source, Device? device)
    {
        if (!stream.CanSeek)
        {
            // The length must be known before trusting the header's sizes; reading into memory grows only with what is really there.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        var header = ReadHeader(stream, stream.Length - stream.Position, source);
        foreach (var entry in header.Entries)
        {
            if (!SafeTensorsDTypes.TryGetLoadedDType(entry.DType, out _))
            {
                throw new CheckpointDTypeException(
                    source.Description,
                    source.FilePath,
                    $"tensor '{entry.Name}' has dtype {entry.DType}, which AutoDiffGen cannot load; it loads F32, F64, I64, I32 and BOOL, and F16 and BF16 as Float32. Convert the tensor before saving it (e.g. in PyTorch, t.to(torch.float32) or t.to(torch.int64))",
                    entry.Name,
                    entry.DType);
            }
        }

        var tensors = new OrderedDictionary<string, Tensor>(header.Entries.Count, StringComparer.Ordinal);
        foreach (var entry in header.Entries)
        {
            var tensor = ReadTensor(stream, entry, source);
            tensors.Add(entry.Name, device is null || device == Device.Cpu ? tensor : tensor.To(device));
        }

        return (tensors, header.Metadata);
    }

    /// <summary>Reads and validates the size field and the header; the stream is left at the start of the data.</summary>
    public static SafeTensorsHeader ReadHeader(Stream stream, long available, CheckpointSource source)
    {
        if (available < 8)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"it is {available} bytes long, too short for the 8-byte header size that starts a safetensors file"));
        }

        Span<byte> sizeField = stackalloc byte[8];
        ReadExactly(stream, sizeField, source);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(sizeField);
        if (size > SafeTensorsHeader.MaxHeaderSize)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"the header size field says {size} bytes, more than the {SafeTensorsHeader.MaxHeaderSize} a safetensors header may have; this is not a safetensors file or it is damaged"), byteOffset: 0);
        }

        if ((long)size > available - 8)
        {
            throw source.Error(string.Create(CultureInfo.InvariantCulture, $"the header size field says {size} bytes, but only {available - 8} bytes follow it; the file is truncated or not a safetensors file"), byteOffset: 0);
        }

        var json = new byte[size];
        ReadExactly(stream, json, source);
        return SafeTensorsHeaderReader.Parse(json, available - 8 - (long)size, source);
    }

    private static Tensor ReadTensor(Stream stream, SafeTensorsEntry entry, CheckpointSource source)
    {
        var shape = Array.ConvertAll(entry.Shape, s => (int)s);
        var count = checked((int)entry.Shape.Aggregate(1L, (a, b) => a * b));
        switch (entry.DType)
        {
            case "F32": return new Tensor(ReadElements<float>(stream, count, source), DType.Float32, shape);
            case "F64": return new Tensor(ReadElements<double>(stream, count, source), DType.Float64, shape);
            case "I64": return new Tensor(ReadElements<long>(stream, count, source), DType.Int64, shape);
            case "I32": return new Tensor(ReadElements<int>(stream, count, source), DType.Int32, shape);
            case "BOOL":
                var flags = new bool[count];
                var bytes = MemoryMarshal.AsBytes(flags.AsSpan());
                ReadExactly(stream, bytes, source);
                for (var i = 0; i < bytes.Length; i++)
                {
                    // A bool must be 0 or 1 in .NET; read any non-zero byte as true, as numpy and PyTorch do.
                    bytes[i] = bytes[i] == 0 ? (byte)0 : (byte)1;
                }

                return new Tensor(flags, DType.Bool, shape);
            case "F16":
                var halves = ReadElements<Half>(stream, count, source);
                var widened = new float[count];
                TensorPrimitives.ConvertToSingle(halves, widened);
                return new Tensor(widened, DType.Float32, shape);
            default:
                // BF16 is the upper half of a float32: widening is a shift, exact for every value.
                var raw = ReadElements<ushort>(stream, count, source);
                var floats = new float[count];
                for (var i = 0; i < count; i++)
                {
                    floats[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                }

                return new Tensor(floats, DType.Float32, shape);
        }
    }

    private static T[] ReadElements<T>(Stream stream, int count, CheckpointSource source)
        where T : unmanaged
    {
        var elements = new T[count];
        ReadExactly(stream, MemoryMarshal.AsBytes(elements.AsSpan()), source);
        if (!BitConverter.IsLittleEndian)
        {
            Endian.Reverse<T>(elements);
        }

        return elements;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, CheckpointSource source)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw source.Error("it ended before the data its header describes (was it changed while being read?)", inner: e);
        }
    }
}
