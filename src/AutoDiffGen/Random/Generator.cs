using System.Runtime.InteropServices;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// A random number generator, like <c>torch.Generator</c>. Counter-based (Philox4x32-10): each draw reserves a
/// fresh range of the stream, and element i of a draw depends only on the seed, the generator's offset and i,
/// so the same seed gives bit-identical tensors in every run, process and thread count. Like PyTorch's default
/// generator, <see cref="Default"/> starts from a fixed seed, so programs are reproducible even without seeding.
/// </summary>
public sealed class Generator
{
    /// <summary>PyTorch's default CPU seed (<c>default_rng_seed_val</c>).</summary>
    public const long DefaultSeed = 67280421310721;

    // Draws above this many 128-bit blocks are computed in parallel chunks (each chunk from its own counter).
    private const int ParallelBlocks = 1 << 16;

    private readonly Lock _lock = new();
    private long _seed;
    private ulong _offset;

    public Generator()
        : this(DefaultSeed)
    {
    }

    public Generator(long seed) => _seed = seed;

    /// <summary>The process-wide generator that <see cref="Tensor.ManualSeed"/> reseeds and random functions use by default.</summary>
    public static Generator Default { get; } = new();

    /// <summary>The seed this generator was last seeded with (like <c>initial_seed()</c>).</summary>
    public long InitialSeed
    {
        get
        {
            lock (_lock)
            {
                return _seed;
            }
        }
    }

    /// <summary>Reseeds and rewinds to the start of the stream (like <c>manual_seed</c>). Returns this.</summary>
    public Generator ManualSeed(long seed)
    {
        lock (_lock)
        {
            _seed = seed;
            _offset = 0;
        }

        return this;
    }

    /// <summary>The seed and position, to restore later with <see cref="SetState"/>.</summary>
    public GeneratorState GetState()
    {
        lock (_lock)
        {
            return new GeneratorState(_seed, _offset);
        }
    }

    public void SetState(GeneratorState state)
    {
        lock (_lock)
        {
            _seed = state.Seed;
            _offset = state.Offset;
        }
    }

    /// <summary>Reserves <paramref name="blocks"/> consecutive blocks of the stream; returns (key, first block).</summary>
    private (ulong Key, ulong First) Reserve(long blocks)
    {
        lock (_lock)
        {
            var first = _offset;
            _offset += (ulong)blocks;
            return ((ulong)_seed, first);
        }
    }

    /// <summary>Uniform floats in [low, high): 24 random bits each, so [0, 1) never yields 1.</summary>
    internal void FillUniform(Span<float> dst, float low = 0, float high = 1)
    {
        var (key, first) = Reserve((dst.Length + 3) / 4);
        var scale = (high - low) * (1f / (1 << 24));
        Words(dst, key, first, 1, (words, d) =>
        {
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = low + ((words[i] >> 8) * scale);
            }
        });
    }

    /// <summary>
    /// keep[i] = (the i-th uniform float of <see cref="FillUniform(Span{float}, float, float)"/>) &lt; keepProbability:
    /// the same draws and the same stream advance as filling a float array and comparing, without the float array,
    /// the words array or a delegate, so a dropout mask in a training step allocates nothing.
    /// </summary>
    internal void FillKeep(Span<bool> keep, double keepProbability)
    {
        const int ChunkWords = 1024;
        var (key, first) = Reserve((keep.Length + 3) / 4);
        Span<uint> buffer = stackalloc uint[ChunkWords];
        const float Scale = 1f / (1 << 24);
        for (var start = 0; start < keep.Length; start += ChunkWords)
        {
            var count = Math.Min(ChunkWords, keep.Length - start);
            var words = buffer[..((count + 3) & ~3)];
            Philox.Fill(key, first + (ulong)(start / 4), words);
            var dst = keep.Slice(start, count);
            for (var i = 0; i < dst.Length; i++)
            {
                dst[i] = (words[i] >> 8) * Scale < keepProbability;
            }
        }
    }

    /// <summary>Uniform doubles in [low, high) with 53 random bits each.</summary>
    internal void FillUniform(Span<double> dst, double low = 0, double high = 1)
    {
        var (key, first) = Reserve((dst.Length + 1) / 2);
        var scale = (high - low) * (1.0 / (1UL << 53));
        Words(dst, key, first, 2, (words, d) =>
        {
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = low + (Bits53(words[2 * i], words[(2 * i) + 1]) * scale);
            }
        });
    }

    /// <summary>Normal floats by Box–Muller: each pair of 24-bit uniforms in (0, 1] gives two outputs.</summary>
    internal void FillNormal(Span<float> dst, float mean = 0, float std = 1)
    {
        CheckStd(std);
        var (key, first) = Reserve((dst.Length + 3) / 4);
        Words(dst, key, first, 1, (words, d) =>
        {
            for (var i = 0; i < d.Length; i += 2)
            {
                // Pairs start at even elements, which chunks preserve (they start on block boundaries).
                var u1 = ((words[i] >> 8) + 1) * (1.0 / (1 << 24));
                var u2 = i + 1 < words.Length ? (words[i + 1] >> 8) * (1.0 / (1 << 24)) : 0;
                var r = Math.Sqrt(-2 * Math.Log(u1));
                var theta = 2 * Math.PI * u2;
                d[i] = (float)(mean + (std * r * Math.Cos(theta)));
                if (i + 1 < d.Length)
                {
                    d[i + 1] = (float)(mean + (std * r * Math.Sin(theta)));
                }
            }
        });
    }

    /// <summary>Normal doubles by Box–Muller from 53-bit uniforms.</summary>
    internal void FillNormal(Span<double> dst, double mean = 0, double std = 1)
    {
        CheckStd(std);
        var (key, first) = Reserve((dst.Length + 1) / 2);
        Words(dst, key, first, 2, (words, d) =>
        {
            for (var i = 0; i < d.Length; i += 2)
            {
                var u1 = (Bits53(words[2 * i], words[(2 * i) + 1]) + 1) * (1.0 / (1UL << 53));
                var u2 = (2 * i) + 3 < words.Length ? Bits53(words[(2 * i) + 2], words[(2 * i) + 3]) * (1.0 / (1UL << 53)) : 0;
                var r = Math.Sqrt(-2 * Math.Log(u1));
                var theta = 2 * Math.PI * u2;
                d[i] = mean + (std * r * Math.Cos(theta));
                if (i + 1 < d.Length)
                {
                    d[i + 1] = mean + (std * r * Math.Sin(theta));
                }
            }
        });
    }

    /// <summary>
    /// Integers uniform in [low, high): 64 random bits per element mapped by multiply-high (Lemire), so the bias
    /// is below range / 2^64, invisible for any range a tensor can use, and no rejection loop breaks the counter
    /// arithmetic.
    /// </summary>
    internal void FillRandInt(Span<long> dst, long low, long high)
    {
        if (low >= high)
        {
            throw new ArgumentException($"RandInt: low ({low}) must be less than high ({high}).", nameof(high));
        }

        var range = (ulong)(high - low);
        var (key, first) = Reserve((dst.Length + 1) / 2);
        Words(dst, key, first, 2, (words, d) =>
        {
            for (var i = 0; i < d.Length; i++)
            {
                var x = ((ulong)words[2 * i] << 32) | words[(2 * i) + 1];
                d[i] = low + (long)Math.BigMul(x, range, out _);
            }
        });
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates over one reserved range of the stream).</summary>
    internal long[] RandPerm(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new long[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = i;
        }

        var (key, first) = Reserve((n + 1) / 2);
        var words = new uint[((n + 1) / 2) * 4];
        Philox.Fill(key, first, words);
        for (var i = n - 1; i > 0; i--)
        {
            var x = ((ulong)words[2 * i] << 32) | words[(2 * i) + 1];
            var j = (int)Math.BigMul(x, (ulong)(i + 1), out _);
            (result[i], result[j]) = (result[j], result[i]);
        }

        return result;
    }

    /// <summary>1 with probability p[i], else 0 (like <c>torch.bernoulli</c>).</summary>
    internal void FillBernoulli(ReadOnlySpan<double> probabilities, Span<double> dst)
    {
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(probabilities), p, $"Bernoulli: probabilities must be in [0, 1], but element {i} is {p}.");
            }
        }

        FillUniform(dst);
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] = dst[i] < probabilities[i] ? 1 : 0;
        }
    }

    private static double Bits53(uint hi, uint lo) => (((ulong)hi << 32) | lo) >> 11;

    private static void CheckStd(double std)
    {
        if (!(std >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, $"Normal: std must be non-negative, got {std}.");
        }
    }

    private delegate void WordsToValues<T>(ReadOnlySpan<uint> words, Span<T> destination);

    /// <summary>
    /// Generates the words for <paramref name="dst"/> (wordsPerElement each, from block <paramref name="first"/>)
    /// and converts them, in parallel chunks that start on block boundaries for large draws.
    /// </summary>
    private static void Words<T>(Span<T> dst, ulong key, ulong first, int wordsPerElement, WordsToValues<T> convert)
        where T : unmanaged
    {
        var elementsPerBlock = 4 / wordsPerElement;
        var totalBlocks = (dst.Length + elementsPerBlock - 1) / elementsPerBlock;
        if (totalBlocks < ParallelBlocks || Environment.ProcessorCount == 1)
        {
            var words = new uint[totalBlocks * 4];
            Philox.Fill(key, first, words);
            convert(words, dst);
            return;
        }

        // Chunks of whole blocks; each computes its own counters, so the split never changes the values.
        const int ChunkBlocks = 1 << 14;
        var chunks = (totalBlocks + ChunkBlocks - 1) / ChunkBlocks;
        var length = dst.Length;
        unsafe
        {
            fixed (T* p = &MemoryMarshal.GetReference(dst))
            {
                var basePtr = (nint)p;
                Parallel.For(0, chunks, () => new uint[ChunkBlocks * 4], (c, _, buffer) =>
                {
                    var startElement = c * ChunkBlocks * elementsPerBlock;
                    var count = Math.Min(ChunkBlocks * elementsPerBlock, length - startElement);
                    var blocks = (count + elementsPerBlock - 1) / elementsPerBlock;
                    var words = buffer.AsSpan(0, blocks * 4);
                    Philox.Fill(key, first + (ulong)(c * ChunkBlocks), words);
                    convert(words, new Span<T>((T*)basePtr + startElement, count));
                    return buffer;
                }, _ => { });
            }
        }
    }
}
