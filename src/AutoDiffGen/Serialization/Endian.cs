using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Serialization;

/// <summary>Byte-order reversal for the big-endian hosts .NET runs on (safetensors data is little-endian).</summary>
internal static class Endian
{
    /// <summary>Reverses the bytes of each element in place (elements of 2, 4 or 8 bytes; 1-byte elements are left as they are).</summary>
    public static void Reverse<T>(Span<T> elements)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(elements);
        switch (Unsafe.SizeOf<T>())
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes)); break;
            case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes)); break;
            default: break;
        }
    }
}
