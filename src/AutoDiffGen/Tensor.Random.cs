namespace AutoDiffGen;

/// <summary>
/// Random tensors from a <see cref="Generator"/> (the process-wide <see cref="Generator.Default"/> unless one is
/// passed): the same seed gives bit-identical tensors on every run, process and thread count.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Reseeds the default generator (like <c>torch.manual_seed(42)</c>).</summary>
    public static Generator ManualSeed(long seed) => Generator.Default.ManualSeed(seed);

    /// <summary>Uniform samples in [0, 1) (like <c>torch.rand(5, 6)</c>).</summary>
    public static Tensor Rand(params int[] shape) => Rand(shape, DType.Float32);

    public static Tensor Rand(int[] shape, DType dtype, Generator? generator = null) =>
        Empty(shape, RequireFloat(dtype, "Rand")).UniformInPlace(0, 1, generator);

    /// <summary>Standard normal samples (like <c>torch.randn(2, 3)</c>).</summary>
    public static Tensor Randn(params int[] shape) => Randn(shape, DType.Float32);

    public static Tensor Randn(int[] shape, DType dtype, Generator? generator = null) =>
        Empty(shape, RequireFloat(dtype, "Randn")).NormalInPlace(0, 1, generator);

    /// <summary>Integers uniform in [low, high) (like <c>torch.randint(low, high, size)</c>), int64 unless a dtype is given.</summary>
    public static Tensor RandInt(long low, long high, int[] shape, DType dtype = DType.Int64, Generator? generator = null)
    {
        var values = Empty(shape, DType.Int64);
        (generator ?? Generator.Default).FillRandInt(values.ContiguousSpan<long>(), low, high);
        return values.To(dtype);
    }

    /// <summary>Integers uniform in [0, high) (like <c>torch.randint(high, size)</c>).</summary>
    public static Tensor RandInt(long high, int[] shape, Generator? generator = null) => RandInt(0, high, shape, DType.Int64, generator);

    /// <summary>A random permutation of 0..n-1 as int64 (like <c>torch.randperm(n)</c>).</summary>
    public static Tensor RandPerm(int n, Generator? generator = null)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "RandPerm: n must be non-negative.");
        }

        return new Tensor((generator ?? Generator.Default).RandPerm(n), DType.Int64, [n]);
    }

    /// <summary>Uniform samples shaped like <paramref name="other"/> (like <c>torch.rand_like</c>).</summary>
    public static Tensor RandLike(Tensor other, Generator? generator = null) => Rand(other._shape, other._dtype, generator).To(other.Device);

    /// <summary>Normal samples shaped like <paramref name="other"/> (like <c>torch.randn_like</c>).</summary>
    public static Tensor RandnLike(Tensor other, Generator? generator = null) => Randn(other._shape, other._dtype, generator).To(other.Device);

    /// <summary>
    /// 1 with probability p and 0 otherwise for each element p of this tensor of probabilities (like
    /// <c>torch.bernoulli(p)</c>); the result has this tensor's shape and dtype.
    /// </summary>
    public Tensor Bernoulli(Generator? generator = null)
    {
        if (_storage is not null)
        {
            throw OpenCL.OpenCLOps.NotSupported("Bernoulli", this);
        }

        var p = To(DType.Float64).Contiguous();
        var result = Allocate(DType.Float64, _shape);
        (generator ?? Generator.Default).FillBernoulli(p.ContiguousSpan<double>(), result.ContiguousSpan<double>());
        return result.To(_dtype);
    }

    /// <summary>1 with probability p, else 0, in the given shape (e.g. a dropout mask).</summary>
    public static Tensor Bernoulli(double p, int[] shape, DType dtype = DType.Float32, Generator? generator = null) =>
        Full(shape, p, DType.Float64).Bernoulli(generator).To(dtype);

    /// <summary>Fills with uniform samples in [low, high) (like <c>x.uniform_(low, high)</c>). Returns this.</summary>
    public Tensor UniformInPlace(double low = 0, double high = 1, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        return FillRandom(_dtype == DType.Float64
            ? t => g.FillUniform(t.ContiguousSpan<double>(), low, high)
            : t => g.FillUniform(t.ContiguousSpan<float>(), (float)low, (float)high), "UniformInPlace");
    }

    /// <summary>Fills with normal samples (like <c>x.normal_(mean, std)</c>). Returns this.</summary>
    public Tensor NormalInPlace(double mean = 0, double std = 1, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        return FillRandom(_dtype == DType.Float64
            ? t => g.FillNormal(t.ContiguousSpan<double>(), mean, std)
            : t => g.FillNormal(t.ContiguousSpan<float>(), (float)mean, (float)std), "NormalInPlace");
    }

    private Tensor FillRandom(Action<Tensor> fill, string name)
    {
        RequireFloat(_dtype, name);

        // A device tensor takes host-generated samples through CopyFrom, so a seed gives the same values everywhere.
        if (_contiguous && _storage is null)
        {
            fill(this);
        }
        else
        {
            var dense = Allocate(_dtype, _shape);
            fill(dense);
            CopyFrom(dense);
        }

        return this;
    }

    private static DType RequireFloat(DType dtype, string name) => dtype.IsFloatingPoint()
        ? dtype
        : throw new TensorDTypeException($"{name}: expected a floating-point dtype, got {dtype}. Use RandInt for integers.");
}
