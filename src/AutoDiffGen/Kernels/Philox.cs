using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11; the Random123 generator
/// that cuRAND and PyTorch's CUDA generator also use): a counter-based generator, so block i of a stream is a pure
/// function of (key, i) and any range of blocks can be computed independently, on any thread.
/// </summary>
internal static class Philox
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    /// <summary>The 128-bit output block for counter (c0..c3) and key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (var round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            var p0 = (ulong)M0 * c0;
            var p1 = (ulong)M1 * c2;
            var n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            var n1 = (uint)p1;
            var n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            var n3 = (uint)p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }

        return (c0, c1, c2, c3);
    }

    /// <summary>Block number <paramref name="counter"/> of the stream keyed by <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(ulong key, ulong counter) =>
        Block((uint)counter, (uint)(counter >> 32), 0, 0, (uint)key, (uint)(key >> 32));

    /// <summary>Fills <paramref name="words"/> with the 32-bit outputs of blocks first, first+1, … in order.</summary>
    public static void Fill(ulong key, ulong firstBlock, Span<uint> words)
    {
        var i = 0;
        var block = firstBlock;
        for (; i + 4 <= words.Length; i += 4, block++)
        {
            var (x0, x1, x2, x3) = Block(key, block);
            words[i] = x0;
            words[i + 1] = x1;
            words[i + 2] = x2;
            words[i + 3] = x3;
        }

        if (i < words.Length)
        {
            var (x0, x1, x2, x3) = Block(key, block);
            Span<uint> last = [x0, x1, x2, x3];
            last[..(words.Length - i)].CopyTo(words[i..]);
        }
    }
}
