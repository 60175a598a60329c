using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Randomness;

public class GeneratorTests
{
    [Fact]
    public void Philox_matches_random123_known_answers()
    {
        Assert.Equal((0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u), Philox.Block(0, 0, 0, 0, 0, 0));
        Assert.Equal((0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu), Philox.Block(uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue));
        Assert.Equal(
            (0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u),
            Philox.Block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    [Fact]
    public void Seeded_draws_are_fixed_values_in_every_process()
    {
        // Seed 0's first block is Philox's first known answer, so these values can never change between runs.
        var x = Tensor.Rand([4], DType.Float32, new Generator(0)).ToArray<float>();
        Assert.Equal(new[] { 0x6627e8d5u >> 8, 0xe169c58du >> 8, 0xbc57ac4cu >> 8, 0x9b00dbd8u >> 8 }.Select(w => w / 16777216f), x);
        Tensor.ManualSeed(42);
        var first = Tensor.Randn(3).ToArray<float>();
        Assert.All(first, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(Tensor.Randn([3], DType.Float32, new Generator(42)).ToArray<float>(), first);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_tensors_and_successive_draws_differ()
    {
        Tensor.ManualSeed(42);
        var a = Tensor.Rand(3, 4).ToArray<float>();
        var b = Tensor.Rand(3, 4).ToArray<float>();
        Tensor.ManualSeed(42);
        Assert.Equal(a, Tensor.Rand(3, 4).ToArray<float>());
        Assert.NotEqual(a, b);
        var g1 = new Generator(7);
        var g2 = new Generator(7);
        Assert.Equal(Tensor.Randn([1000], DType.Float64, g1).ToArray<double>(), Tensor.Randn([1000], DType.Float64, g2).ToArray<double>());
        Assert.NotEqual(Tensor.Rand([8], DType.Float32, new Generator(1)).ToArray<float>(), Tensor.Rand([8], DType.Float32, new Generator(2)).ToArray<float>());
    }

    [Fact]
    public void Large_parallel_draws_equal_the_sequential_stream()
    {
        const int n = 4_000_003;
        var g = new Generator(123);
        var parallel = new float[n];
        g.FillUniform(parallel);
        var words = new uint[((n + 3) / 4) * 4];
        Philox.Fill(123, 0, words);
        for (var i = 0; i < n; i += 9973)
        {
            Assert.Equal((words[i] >> 8) * (1f / (1 << 24)), parallel[i]);
        }

        var normals = new double[n];
        new Generator(5).FillNormal(normals);
        var small = new double[1000];
        new Generator(5).FillNormal(small);
        Assert.Equal(small, normals[..1000]);
    }

    [Fact]
    public void State_round_trips_and_manual_seed_rewinds()
    {
        var g = new Generator(9);
        Tensor.Rand([10], DType.Float32, g);
        var state = g.GetState();
        var next = Tensor.Rand([10], DType.Float32, g).ToArray<float>();
        g.SetState(state);
        Assert.Equal(next, Tensor.Rand([10], DType.Float32, g).ToArray<float>());
        Assert.Equal(9, g.InitialSeed);
        Assert.Equal(Generator.DefaultSeed, new Generator().InitialSeed);
    }

    [Fact]
    public void Uniform_is_in_range_with_the_right_moments()
    {
        var x = Tensor.Rand([1_000_000], DType.Float64, new Generator(1)).ToArray<double>();
        Assert.All(x, v => Assert.InRange(v, 0, 0.9999999999999999));
        Assert.Equal(0.5, x.Average(), 0.002);
        Assert.Equal(1.0 / 12, x.Select(v => (v - 0.5) * (v - 0.5)).Average(), 0.001);
        var f = Tensor.Rand([200_000], DType.Float32, new Generator(2)).ToArray<float>();
        Assert.All(f, v => Assert.True(v is >= 0 and < 1));
        var shifted = Tensor.Empty(50_000).UniformInPlace(-3, 5, new Generator(3)).ToArray<float>();
        Assert.True(shifted.Min() >= -3 && shifted.Max() < 5);
    }

    [Fact]
    public void Normal_has_mean_zero_and_unit_variance()
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Tensor.Randn([1_000_001], dtype, new Generator(4)).ToArray<double>();
            var mean = x.Average();
            var variance = x.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Equal(0, mean, 0.005);
            Assert.Equal(1, variance, 0.005);
            Assert.All(x, v => Assert.True(double.IsFinite(v)));
        }

        var scaled = Tensor.Empty(100_000).NormalInPlace(10, 2, new Generator(6)).ToArray<float>();
        Assert.Equal(10, scaled.Average(), 0.05);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Empty(3).NormalInPlace(0, -1));
    }

    [Fact]
    public void RandInt_covers_the_range_evenly()
    {
        var x = Tensor.RandInt(-3, 4, [70_000], generator: new Generator(8)).ToArray<long>();
        var counts = x.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(7, counts.Count);
        Assert.All(counts, kv => Assert.InRange(kv.Key, -3, 3));
        var chiSquare = counts.Values.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chiSquare < 30, $"chi-square {chiSquare} over 6 degrees of freedom");
        var e = Assert.Throws<ArgumentException>(() => Tensor.RandInt(5, 5, [2]));
        Assert.Contains("low (5) must be less than high (5)", e.Message, StringComparison.Ordinal);
        Assert.Equal(DType.Int32, Tensor.RandInt(0, 10, [3], DType.Int32).DType);
    }

    [Fact]
    public void RandPerm_is_a_deterministic_permutation()
    {
        var p = Tensor.RandPerm(1000, new Generator(10)).ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), p.Order());
        Assert.Equal(p, Tensor.RandPerm(1000, new Generator(10)).ToArray<long>());
        Assert.NotEqual(Enumerable.Range(0, 1000).Select(i => (long)i), p);
        Assert.Empty(Tensor.RandPerm(0).ToArray<long>());
    }

    [Fact]
    public void Bernoulli_frequency_follows_p_and_rejects_bad_probabilities()
    {
        var mask = Tensor.Bernoulli(0.3, [100_000], generator: new Generator(11)).ToArray<float>();
        Assert.All(mask, v => Assert.True(v is 0 or 1));
        Assert.Equal(0.3, mask.Average(), 0.01);
        var p = Tensor.FromArray(new float[] { 0, 1, 0, 1 });
        Assert.Equal(new float[] { 0, 1, 0, 1 }, p.Bernoulli().ToArray<float>());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.FromArray(new[] { 0.5, 1.5 }).Bernoulli());
        Assert.Contains("element 1 is 1.5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_draws_on_one_generator_never_share_a_stream_range()
    {
        var g = new Generator(12);
        var draws = new float[8][];
        Parallel.For(0, draws.Length, i => draws[i] = Tensor.Rand([1024], DType.Float32, g).ToArray<float>());
        var firsts = draws.Select(d => d[0]).Distinct().Count();
        Assert.Equal(draws.Length, firsts);
        Assert.Equal(8UL * 256, g.GetState().Offset);
    }

    [Fact]
    public void Random_functions_need_float_dtypes()
    {
        Assert.Throws<TensorDTypeException>(() => Tensor.Rand([2], DType.Int64));
        Assert.Equal(DType.Float64, Tensor.RandnLike(Tensor.Zeros([2], DType.Float64)).DType);
        Assert.Equal([2, 3], Tensor.RandLike(Tensor.Zeros(2, 3)).Shape.ToArray());
    }
}
