using AutoDiffGen.Tests.Reference;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Views share storage; shapes and values of each view op against the reference; PyTorch's tutorial examples.</summary>
public class ViewTests
{
    private static Tensor Iota(params int[] shape) =>
        OpsHelpers.FromValues([.. Enumerable.Range(0, RefTensor.NumElements(shape)).Select(i => (double)i)], shape, DType.Float32);

    private static RefTensor IotaRef(params int[] shape) =>
        new([.. Enumerable.Range(0, RefTensor.NumElements(shape)).Select(i => (double)i)], shape, DType.Float32);

    [Fact]
    public void TutorialViewExamples()
    {
        // x = torch.randn(8, 8); x.view(64); x.view(-1, 4, 4) of 64 elements; x.view(1, -1)
        var x = Iota(8, 8);
        var y = x.View(64);
        Assert.Equal(new[] { 64 }, y.Shape.ToArray());
        var z = y.View(-1, 4, 4);
        Assert.Equal(new[] { 4, 4, 4 }, z.Shape.ToArray());
        Assert.Equal(new[] { 1, 64 }, x.View(1, -1).Shape.ToArray());
        Assert.Equal(x.ToArray<float>(), z.ToArray<float>());

        // torch.reshape(a, (2, -1, 1)) of 4 elements → [2, 2, 1]
        Assert.Equal(new[] { 2, 2, 1 }, Iota(4).Reshape(2, -1, 1).Shape.ToArray());
        Assert.Equal(new[] { 2, 6, 1 }, Iota(3, 4).Reshape(2, -1, 1).Shape.ToArray());

        // img.permute(2, 0, 1): HWC 224x224x3 → CHW 3x224x224, a view.
        var img = Tensor.Zeros(224, 224, 3);
        var chw = img.Permute(2, 0, 1);
        Assert.Equal(new[] { 3, 224, 224 }, chw.Shape.ToArray());
        Assert.Equal(new[] { 1, 672, 3 }, chw.Strides());
        chw.Select(0, 2).Select(0, 10).Select(0, 20).FillInPlace(5);
        Assert.Equal(5f, img.Select(0, 10).Select(0, 20).Select(0, 2).Item<float>());

        // x.transpose(1, 2) is not contiguous; contiguous() copies and is.
        var t = Iota(2, 3, 4);
        var tt = t.Transpose(1, 2);
        Assert.False(tt.IsContiguous);
        Assert.Equal(new[] { 2, 4, 3 }, tt.Shape.ToArray());
        var c = tt.Contiguous();
        Assert.True(c.IsContiguous);
        Assert.Equal(new[] { 12, 3, 1 }, c.Strides());
        OpsHelpers.AssertMatches(IotaRef(2, 3, 4).Permute([0, 2, 1]), c, "contiguous of transpose");
        c.FillInPlace(-1);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)i), t.ToArray<float>());
        Assert.Same(t, t.Contiguous());
    }

    [Fact]
    public void ViewsShareStorage()
    {
        var x = Iota(4, 6);
        var views = new (string Name, Tensor View)[]
        {
            ("View", x.View(2, 12)),
            ("Reshape", x.Reshape(6, 4)),
            ("Flatten", x.Flatten()),
            ("Unsqueeze", x.Unsqueeze(1)),
            ("Squeeze", x.Unsqueeze(0).Squeeze()),
            ("Transpose", x.Transpose(0, 1)),
            ("Permute", x.Permute(1, 0)),
            ("T", x.T),
            ("MT", x.MT),
            ("Narrow", x.Narrow(1, 2, 3)),
            ("Slice", x.Slice(0, 1, null, 2)),
            ("Select", x.Select(1, 5)),
            ("Diagonal", x.Diagonal()),
            ("Expand", x.Unsqueeze(0).Expand(3, 4, 6)),
            ("Detach", x.Detach()),
            ("ViewAs", x.ViewAs(Tensor.Zeros(24))),
        };
        var value = 1000f;
        foreach (var (name, view) in views)
        {
            var before = x.ToArray<float>();
            var firstInView = view.NumElements == 0 ? 0 : view.ToArray<float>()[0];
            var flatIndex = Array.IndexOf(before, firstInView);

            // Write through the view (the first element it reads) and read it back in the base.
            var first = view;
            while (first.Dim > 0)
            {
                first = first.Select(0, 0);
            }

            first.FillInPlace(value);
            Assert.True(x.ToArray<float>()[flatIndex] == value, $"{name}: writing through the view did not change the base.");
            x.View(-1).Narrow(0, flatIndex, 1).FillInPlace(before[flatIndex]);
            value++;
        }
    }

    [Fact]
    public void ViewOfNonContiguousThrowsAndReshapeCopies()
    {
        var x = Iota(3, 4);
        var t = x.T;
        var ex = Assert.Throws<InvalidOperationException>(() => t.View(12));
        Assert.Contains("Contiguous()", ex.Message);
        Assert.Contains("Reshape", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);

        var r = t.Reshape(12);
        OpsHelpers.AssertMatches(new RefTensor(IotaRef(3, 4).Permute([1, 0]).Values, [12], DType.Float32), r, "Reshape of T");
        r.FillInPlace(0);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i), x.ToArray<float>());

        // A view that does not need to merge across the transposed dims is still allowed, and shares storage.
        var u = Iota(2, 3, 4).Transpose(0, 1).View(3, 2, 2, 2);
        Assert.Equal(new[] { 3, 2, 2, 2 }, u.Shape.ToArray());
        Assert.Throws<InvalidOperationException>(() => Iota(2, 3, 4).Transpose(0, 1).View(6, 4));
        Assert.Throws<InvalidOperationException>(() => Iota(4, 6).Narrow(1, 0, 3).View(12));
        Assert.Equal(new[] { 12 }, Iota(4, 6).Narrow(1, 0, 3).Reshape(12).Shape.ToArray());

        // Every other column of a 4x6 tensor is every other element of its storage: one stride, so View works.
        var everyOther = Iota(4, 6).Slice(1, 0, null, 2).View(12);
        Assert.Equal(new[] { 2 }, everyOther.Strides());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => 2f * i), everyOther.ToArray<float>());
    }

    [Theory]
    [InlineData(new[] { -1, -1 })]
    [InlineData(new[] { 5, -1 })]
    [InlineData(new[] { 0, -1 })]
    [InlineData(new[] { 13 })]
    [InlineData(new[] { 3, -2 })]
    public void BadViewShapesAreShapeErrors(int[] shape)
    {
        var x = Iota(3, 4);
        var ex = Assert.Throws<TensorShapeException>(() => x.View(shape));
        Assert.Contains("View", ex.Message);
        Assert.Contains(OpsHelpers.Describe(shape), ex.Message);
        var rex = Assert.Throws<TensorShapeException>(() => x.Reshape(shape));
        Assert.Contains("Reshape", rex.Message);
    }

    [Fact]
    public void InferredSizes()
    {
        Assert.Equal(new[] { 3, 4 }, Iota(12).View(3, -1).Shape.ToArray());
        Assert.Equal(new[] { 2, 3, 2 }, Iota(12).View(2, -1, 2).Shape.ToArray());
        Assert.Equal(new[] { 12 }, Iota(12).View(-1).Shape.ToArray());
        Assert.Equal(new int[0], Iota(1).View().Shape.ToArray());
        Assert.Equal(new[] { 1, 1 }, Tensor.Scalar(3.0).View(1, -1).Shape.ToArray());
        Assert.Equal(new[] { 0, 5 }, Tensor.Zeros(0, 5).View(-1, 5).Shape.ToArray());
    }

    [Fact]
    public void ExpandShapesValuesAndErrors()
    {
        var x = Iota(3, 1);
        var e = x.Expand(2, 3, 4);
        Assert.Equal(new[] { 2, 3, 4 }, e.Shape.ToArray());
        Assert.Equal(new[] { 0, 1, 0 }, e.Strides());
        OpsHelpers.AssertMatches(IotaRef(3, 1).BroadcastTo([2, 3, 4]), e, "Expand");
        Assert.Equal(new[] { 3, 5 }, x.Expand(-1, 5).Shape.ToArray());
        Assert.Equal(new[] { 3, 0 }, x.Expand(3, 0).Shape.ToArray());

        var ex = Assert.Throws<TensorShapeException>(() => x.Expand(4, 4));
        Assert.Contains("Expand", ex.Message);
        Assert.Contains("[4, 4]", ex.Message);
        Assert.Contains("[3, 1]", ex.Message);
        Assert.Throws<TensorShapeException>(() => x.Expand(4));
        Assert.Throws<TensorShapeException>(() => x.Expand(-1, 3, 4));
        Assert.Throws<TensorShapeException>(() => x.Expand(3, -2));
    }

    [Fact]
    public void SqueezeUnsqueezeTransposePermuteShapesAndValues()
    {
        var r = IotaRef(2, 1, 3, 1);
        var x = Iota(2, 1, 3, 1);
        Assert.Equal(new[] { 2, 3 }, x.Squeeze().Shape.ToArray());
        Assert.Equal(new[] { 2, 3, 1 }, x.Squeeze(1).Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 3 }, x.Squeeze(-1).Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 3, 1 }, x.Squeeze(0).Shape.ToArray());
        Assert.Equal(new int[0], Tensor.Zeros(1, 1).Squeeze().Shape.ToArray());
        Assert.Equal(new int[0], Tensor.Scalar(1.0).Squeeze(0).Shape.ToArray());
        Assert.Equal(new[] { 1, 2, 1, 3, 1 }, x.Unsqueeze(0).Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 3, 1, 1 }, x.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 1, 3, 1 }, x.Unsqueeze(2).Shape.ToArray());
        Assert.Equal(new[] { 1 }, Tensor.Scalar(1.0).Unsqueeze(0).Shape.ToArray());
        Assert.Equal(r.Values, OpsHelpers.Read(x.Squeeze()));
        Assert.Equal(r.Values, OpsHelpers.Read(x.T.Unsqueeze(2).T.Squeeze()));

        var y = Iota(2, 3, 4);
        var yr = IotaRef(2, 3, 4);
        OpsHelpers.AssertMatches(yr.Permute([0, 2, 1]), y.Transpose(1, 2), "Transpose(1, 2)");
        OpsHelpers.AssertMatches(yr.Permute([0, 2, 1]), y.Transpose(-1, -2), "Transpose(-1, -2)");
        OpsHelpers.AssertMatches(yr.Permute([2, 0, 1]), y.Permute(2, 0, 1), "Permute(2, 0, 1)");
        OpsHelpers.AssertMatches(yr.Permute([1, 2, 0]), y.Permute(-2, -1, 0), "Permute(-2, -1, 0)");
        OpsHelpers.AssertMatches(yr.Permute([2, 1, 0]), y.T, "T");
        OpsHelpers.AssertMatches(yr.Permute([0, 2, 1]), y.MT, "MT");
        OpsHelpers.AssertMatches(IotaRef(5), Iota(5).T, "T of 1-d");
        Assert.Equal(new int[0], Tensor.Scalar(2.0).T.Shape.ToArray());
        Assert.Throws<ArgumentException>(() => y.Permute(0, 0, 1));
        Assert.Throws<TensorShapeException>(() => y.Permute(0, 1));
        Assert.Throws<TensorShapeException>(() => Iota(3).MT);
    }

    [Fact]
    public void NarrowSliceSelectDiagonalFlattenValues()
    {
        var y = Iota(4, 5, 6);
        var yr = IotaRef(4, 5, 6);
        OpsHelpers.AssertMatches(yr.Slice(1, 1, 4, 1), y.Narrow(1, 1, 3), "Narrow");
        OpsHelpers.AssertMatches(yr.Slice(2, 1, 6, 2), y.Slice(2, 1, null, 2), "Slice step 2");
        OpsHelpers.AssertMatches(yr.Slice(0, 2, 4, 1), y.Slice(0, -2), "Slice negative start");
        OpsHelpers.AssertMatches(yr.Slice(2, 0, 5, 3), y.Slice(2, 0, -1, 3), "Slice negative end");
        OpsHelpers.AssertMatches(yr.Slice(1, 5, 5, 1), y.Slice(1, 7, 9), "Slice past the end is empty");
        OpsHelpers.AssertMatches(yr.Slice(0, 0, 4, 1), y.Slice(0, -10, 10), "Slice clamps");
        var sel = y.Select(1, -1);
        Assert.Equal(new[] { 4, 6 }, sel.Shape.ToArray());
        var expectedSel = yr.Slice(1, 4, 5, 1);
        Assert.Equal(expectedSel.Values, OpsHelpers.Read(sel));
        var m = Iota(3, 5);
        Assert.Equal([0.0, 6, 12], OpsHelpers.Read(m.Diagonal()));
        Assert.Equal([0.0, 6, 12], OpsHelpers.Read(m.T.Diagonal()));
        Assert.Equal(new[] { 4, 30 }, y.Flatten(1).Shape.ToArray());
        Assert.Equal(new[] { 20, 6 }, y.Flatten(0, 1).Shape.ToArray());
        Assert.Equal(new[] { 1 }, Tensor.Scalar(1.0).Flatten().Shape.ToArray());
        Assert.Equal(yr.Permute([2, 1, 0]).Values, OpsHelpers.Read(y.T.Flatten()));
        Assert.Throws<IndexOutOfRangeException>(() => y.Select(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => y.Narrow(0, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => y.Slice(0, 0, 2, 0));
        Assert.Throws<TensorShapeException>(() => y.Diagonal());
    }

    [Theory]
    [InlineData("Transpose")]
    [InlineData("Squeeze")]
    [InlineData("Unsqueeze")]
    [InlineData("Permute")]
    [InlineData("Narrow")]
    [InlineData("Slice")]
    [InlineData("Select")]
    [InlineData("Flatten")]
    [InlineData("Size")]
    public void BadDimsAreArgumentOutOfRangeWithPyTorchText(string op)
    {
        var x = Tensor.Zeros(2, 3);
        Action act = op switch
        {
            "Transpose" => () => x.Transpose(0, 2),
            "Squeeze" => () => x.Squeeze(-3),
            "Unsqueeze" => () => x.Unsqueeze(4),
            "Permute" => () => x.Permute(0, 2),
            "Narrow" => () => x.Narrow(5, 0, 1),
            "Slice" => () => x.Slice(2),
            "Select" => () => x.Select(-3, 0),
            "Flatten" => () => x.Flatten(0, 2),
            _ => () => x.Size(2),
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(act);
        Assert.Contains("dimension out of range", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(op, ex.Message);
        Assert.Contains(op == "Unsqueeze" ? "[-3, 2]" : "[-2, 1]", ex.Message);
    }
}
