using AutoDiffGen.OpenCL;

namespace AutoDiffGen.Tests.OpenCL;

/// <summary>
/// OpenCL tests run one at a time (they share the device's pool and program cache, which the memory and cache
/// tests measure). They are marked <see cref="OpenCLFactAttribute"/>/<see cref="OpenCLTheoryAttribute"/>: on a
/// machine without an OpenCL platform they skip with one printed line saying why, and with CI=true (CI installs PoCL,
/// an OpenCL implementation on the CPU) they are never skipped.
/// </summary>
[CollectionDefinition("OpenCL", DisableParallelization = true)]
public sealed class OpenCLCollection : ICollectionFixture<OpenCLNotice>
{
}

internal static class OpenCLTestKit
{
    public static readonly Device Dev = Device.OpenCL(0);

    /// <summary>Runs <paramref name="op"/> on CPU inputs and on their device copies, and compares the results.</summary>
    public static void Same(Func<Tensor[], Tensor> op, params Tensor[] inputs)
    {
        var expected = op(inputs);
        var onDevice = inputs.Select(t => t.To(Dev)).ToArray();
        var actual = op(onDevice);
        AssertClose(expected, actual);
    }

    /// <summary>Same, with device inputs laid out like the CPU ones (a transpose stays a transpose).</summary>
    public static void SameStrided(Func<Tensor[], Tensor> op, params Tensor[] inputs)
    {
        var expected = op(inputs);
        var onDevice = inputs.Select(ToDeviceKeepingLayout).ToArray();
        var actual = op(onDevice);
        AssertClose(expected, actual);
    }

    /// <summary>A device copy of the CPU tensor's whole storage with the same view on it.</summary>
    public static Tensor ToDeviceKeepingLayout(Tensor t)
    {
        var storage = new Tensor(t._data, t.DType, [t._data.Length]).To(Dev);
        return storage.WithLayout((int[])t._shape.Clone(), (int[])t._strides.Clone(), t._offset);
    }

    public static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(Dev, actual.Device);
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.Equal(expected.DType, actual.DType);
        var e = expected.ToArray<double>();
        var a = actual.ToArray<double>();
        for (var i = 0; i < e.Length; i++)
        {
            var ok = (double.IsNaN(e[i]) && double.IsNaN(a[i])) || e[i] == a[i] || Math.Abs(e[i] - a[i]) <= 1e-4 + (1e-4 * Math.Abs(e[i]));
            Assert.True(ok, $"element {i}: expected {e[i]}, got {a[i]} (shape {expected.Shape})");
        }
    }

    /// <summary>Deterministic values in [-2, 2) with a given shape.</summary>
    public static Tensor Values(params int[] shape)
    {
        var n = shape.Aggregate(1, (x, y) => x * y);
        var data = new float[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = (float)((((i * 7919) + 13) % 97 / 24.25) - 2);
        }

        return Tensor.FromArray(data, shape);
    }

    public static long LiveBytes => OpenCLRuntime.LiveBytes(Dev);
}
