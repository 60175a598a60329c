using AutoDiffGen;

namespace Tour;

/// <summary>Each method is one section of the PyTorch tensor tutorial, printing what PyTorch would print.</summary>
internal sealed class TensorBasics(TextWriter output)
{
    public void Create()
    {
        Section("Creating tensors");
        Show("Tensor.Empty(5, 4).Shape", Tensor.Empty(5, 4).Shape);
        Show("Tensor.Ones(3, 3)", Tensor.Ones(3, 3));
        Show("Tensor.Zeros(2)", Tensor.Zeros(2));
        Tensor.ManualSeed(0);
        Show("Tensor.Rand(5, 6)  // uniform in [0, 1)", Tensor.Rand(5, 6));
        Show("Tensor.Randn(2, 3)", Tensor.Randn(2, 3));
        Show("Tensor.Arange(0, 10, 1)", Tensor.Arange(0, 10, 1));
        Show("Tensor.Eye(3)", Tensor.Eye(3));
        Show("Tensor.Linspace(0, 1, 5)", Tensor.Linspace(0, 1, 5));
        Show("Tensor.FromArray(new long[] { 13, 4 })", Tensor.FromArray(new long[] { 13, 4 }));
        Show("Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } })", Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        Show("Tensor.FromArray(new double[] { 1.5, 2.5 })  // float64 arrays stay float64", Tensor.FromArray(new double[] { 1.5, 2.5 }));
        Show("Tensor.Scalar(7)  // a 0-d tensor", Tensor.Scalar(7));
        Show("Tensor.ZerosLike(Tensor.Ones(2, 2))", Tensor.ZerosLike(Tensor.Ones(2, 2)));
    }

    public void Inspect()
    {
        Section("Inspecting a tensor");
        var x = Tensor.Ones(2, 3);
        Show("x.Shape", x.Shape);
        Show("x.Shape[1] / x.Size(1)", $"{x.Shape[1]} / {x.Size(1)}");
        Show("x.Dim", x.Dim);
        Show("x.NumElements", x.NumElements);
        Show("x.DType", x.DType.TorchName());
        Show("x.Device", x.Device);
        Show("Tensor.Scalar(7).Item<long>()", Tensor.Scalar(7).Item<long>());
    }

    public void Arithmetic()
    {
        Section("Arithmetic");
        var x = Tensor.FromArray(new float[] { 1, 2, 3 });
        var y = Tensor.FromArray(new float[] { 10, 20, 30 });
        Show("x + y", x + y);
        Show("x.Add(y)", x.Add(y));
        Show("y.AddInPlace(x)  // in place, like y.add_(x)", y.Clone().AddInPlace(x));
        Show("x + 10", x + 10);
        Show("x * 10", x * 10);
        Show("x * x  // elementwise", x * x);
        var v = Tensor.FromArray(new long[] { 1, 2, 3 });
        Show("Tensor.MatMul(v, v)  // [1,2,3]·[1,2,3]", Tensor.MatMul(v, v));

        var a = Tensor.FromArray(new long[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var b = Tensor.FromArray(new long[,] { { 7, 10 }, { 8, 11 }, { 9, 12 } });
        try
        {
            Tensor.MatMul(a, b);
        }
        catch (TensorShapeException e)
        {
            Show("Tensor.MatMul(a, b)  // 3x2 · 3x2", $"TensorShapeException: {e.Message}");
        }

        Show("Tensor.MatMul(a, b.T)  // 3x2 · 2x3", Tensor.MatMul(a, b.T));
    }

    public void ReshapeAndIndex()
    {
        Section("Reshaping and indexing");
        var x = Tensor.Arange(64).View(8, 8);
        Show("x.View(64).Shape", x.View(64).Shape);
        Show("x.View(-1, 4, 4).Shape", x.View(-1, 4, 4).Shape);
        Show("x.View(1, -1).Shape", x.View(1, -1).Shape);
        Show("x.Reshape(2, -1, 1).Shape", x.Reshape(2, -1, 1).Shape);
        var image = Tensor.Zeros(224, 224, 3);
        Show("image.Permute(2, 0, 1).Shape  // HWC → CHW", image.Permute(2, 0, 1).Shape);
        var t = Tensor.Arange(24).View(2, 3, 4).Transpose(1, 2);
        Show("t.Transpose(1, 2).IsContiguous", t.IsContiguous);
        Show("t.Contiguous().IsContiguous", t.Contiguous().IsContiguous);
        Show("Tensor.Stack([four 7-vectors]).Shape", Tensor.Stack([Tensor.Ones(7), Tensor.Zeros(7), Tensor.Ones(7), Tensor.Zeros(7)]).Shape);
        Show("Tensor.Cat([Ones(2, 3), Zeros(2, 3)], dim: 1).Shape", Tensor.Cat([Tensor.Ones(2, 3), Tensor.Zeros(2, 3)], 1).Shape);
        Show("Tensor.Arange(10).Chunk(3).Length", Tensor.Arange(10).Chunk(3).Length);

        var m = Tensor.Arange(1, 13).View(2, 2, 3);
        Show("m", m);
        Show("m[0]", m[0]);
        Show("m[0][0]", m[0][0]);
        Show("m[.., 0]  // m[:, 0]", m[.., 0]);
        Show("m[.., .., 1]  // m[:, :, 1]", m[.., .., 1]);
        Show("m[.., 1, 1]  // m[:, 1, 1]", m[.., 1, 1]);
        Show("m[0, 0, ..]  // m[0, 0, :]", m[0, 0, ..]);
        Show("m[0, 0, ..^1]  // m[0, 0, :-1]", m[0, 0, ..^1]);
    }

    public void Reduce()
    {
        Section("Reductions");
        var x = Tensor.Arange(10, 100, 10);
        Show("x", x);
        Show("x.Min()", x.Min());
        Show("x.Max()", x.Max());
        Show("x.Sum()", x.Sum());
        Show("x.To(DType.Float32).Mean()  // Mean needs a float tensor", x.To(DType.Float32).Mean());
        Show("x.ArgMax()", x.ArgMax());
        Show("x.ArgMin()", x.ArgMin());
        var m = Tensor.FromArray(new float[,] { { 1, 5, 2 }, { 7, 0, 3 } });
        var (values, indices) = m.Max(1);
        Show("m.Max(1).Values / Indices", $"{values} / {indices}");
        Show("m.Softmax(1)", m.Softmax(1));
    }

    public void TypesAndDevices()
    {
        Section("Types and devices");
        var x = Tensor.Arange(5);
        Show("x.DType", x.DType.TorchName());
        Show("x.To(DType.Float64)", x.To(DType.Float64));
        Show("x.To(DType.Int32)", x.To(DType.Int32));
        Show("(x / 2).DType  // true division gives float", (x / 2).DType.TorchName());
        Show("x.To(Device.Cpu).Device", x.To(Device.Cpu).Device);
        Show("x.Cpu().ToArray<long>()", string.Join(", ", x.Cpu().ToArray<long>()));
    }

    public void LinearAlgebra()
    {
        Section("Linear algebra: the line through (1, 4) and (4, 2)");
        // y = m·x + c through both points: [[1, 1], [4, 1]] · [m, c] = [4, 2].
        var a = Tensor.FromArray(new float[,] { { 1, 1 }, { 4, 1 } });
        var b = Tensor.FromArray(new float[,] { { 4 }, { 2 } });
        Show("A.Inverse().Mm(b)  // [slope, intercept]", a.Inverse().Mm(b));
        Show("Tensor.Ones(3).Dist(Tensor.Zeros(3))", Tensor.Ones(3).Dist(Tensor.Zeros(3)));
    }

    public void Reproducibility()
    {
        Section("Reproducibility");
        Tensor.ManualSeed(42);
        var r1 = Tensor.Rand(3, 4);
        Tensor.ManualSeed(42);
        var r2 = Tensor.Rand(3, 4);
        Show("ManualSeed(42); Rand(3, 4) twice: equal", r1.ToArray<float>().SequenceEqual(r2.ToArray<float>()));
    }

    private void Section(string title)
    {
        output.WriteLine($"== {title} ==");
    }

    private void Show(string code, object value)
    {
        var text = value.ToString() ?? string.Empty;
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            output.WriteLine($"{code} =");
            output.WriteLine(text);
        }
        else
        {
            output.WriteLine($"{code} = {text}");
        }

        output.WriteLine();
    }
}
