using AutoDiffGen.Tests.Reference;
using CsCheck;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Properties of views over random shapes and permutations (CsCheck), each value checked against the reference.</summary>
public class ViewPropertyTests
{
    private const int Iterations = 300;

    private static readonly Gen<int[]> _shape = Gen.Int[0, 4].Array[0, 4];

    private static readonly Gen<(int[] Shape, int[] Perm)> _shapeAndPerm =
        from shape in Gen.Int[1, 4].Array[1, 5]
        from keys in Gen.Int.Array[shape.Length]
        select (shape, Enumerable.Range(0, shape.Length).OrderBy(i => keys[i]).ThenBy(i => i).ToArray());

    private static (Tensor Tensor, RefTensor Ref) Distinct(int[] shape)
    {
        var values = Enumerable.Range(0, RefTensor.NumElements(shape)).Select(i => (double)i).ToArray();
        var r = new RefTensor(values, shape, DType.Float64);
        return (OpsHelpers.FromRef(r), r);
    }

    private static int[] Inverse(int[] perm)
    {
        var inverse = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        return inverse;
    }

    [Fact]
    public void PermuteMatchesReferenceAndInversePermuteIsIdentity()
    {
        _shapeAndPerm.Sample(
            sp =>
            {
                var (x, r) = Distinct(sp.Shape);
                var p = x.Permute(sp.Perm);
                OpsHelpers.AssertMatches(r.Permute(sp.Perm), p, $"Permute {OpsHelpers.Describe(sp.Perm)}");
                var back = p.Permute(Inverse(sp.Perm));
                Assert.Equal(x.Shape, back.Shape);
                Assert.Equal(x.Strides(), back.Strides());
                Assert.Equal(r.Values, OpsHelpers.Read(back));
            },
            iter: Iterations);
    }

    [Fact]
    public void ReshapeRoundTripsAndViewOfContiguousEqualsReshape()
    {
        var gen = from shape in _shape
                  from other in Gen.Int[0, 3]
                  select (shape, other);
        gen.Sample(
            c =>
            {
                var (x, r) = Distinct(c.shape);

                // A second shape with the same element count: the count split as [n], [n/k, k] or [1, n, 1].
                var n = r.Count;
                int[] target = c.other switch
                {
                    0 => [n],
                    1 when n % 2 == 0 && n > 0 => [n / 2, 2],
                    2 => [1, n, 1],
                    _ => [.. c.shape.Reverse()],
                };
                var reshaped = x.Reshape(target);
                Assert.Equal(target, reshaped.Shape.ToArray());
                Assert.Equal(r.Values, OpsHelpers.Read(reshaped));
                Assert.Equal(r.Values, OpsHelpers.Read(reshaped.Reshape(c.shape)));
                Assert.Equal(c.shape, reshaped.Reshape(c.shape).Shape.ToArray());
                var view = x.View(target);
                Assert.Equal(reshaped.Shape, view.Shape);
                Assert.Equal(reshaped.Strides(), view.Strides());
                Assert.Equal(OpsHelpers.Read(reshaped), OpsHelpers.Read(view));
            },
            iter: Iterations);
    }

    [Fact]
    public void ReshapeOfPermutedRoundTripsThroughTheReference()
    {
        _shapeAndPerm.Sample(
            sp =>
            {
                var (x, r) = Distinct(sp.Shape);
                var p = x.Permute(sp.Perm);
                var expected = r.Permute(sp.Perm).Values;
                var flat = p.Reshape(-1);
                Assert.Equal(expected, OpsHelpers.Read(flat));
                Assert.Equal(expected, OpsHelpers.Read(flat.Reshape(p.Shape)));
                Assert.Equal(expected, OpsHelpers.Read(p.Flatten()));
                Assert.Equal(OpsHelpers.Read(p.Contiguous()), OpsHelpers.Read(p.Flatten()));
                Assert.Equal(p.Contiguous().ToArray<double>(), p.Flatten().ToArray<double>());
            },
            iter: Iterations);
    }

    [Fact]
    public void TransposeTwiceIsIdentity()
    {
        var gen = from shape in Gen.Int[0, 4].Array[1, 5]
                  from d0 in Gen.Int[0, shape.Length - 1]
                  from d1 in Gen.Int[0, shape.Length - 1]
                  select (shape, d0, d1);
        gen.Sample(
            c =>
            {
                var (x, r) = Distinct(c.shape);
                var t = x.Transpose(c.d0, c.d1);
                var perm = Enumerable.Range(0, c.shape.Length).ToArray();
                (perm[c.d0], perm[c.d1]) = (perm[c.d1], perm[c.d0]);
                OpsHelpers.AssertMatches(r.Permute(perm), t, "Transpose");
                var tt = t.Transpose(c.d1 - c.shape.Length, c.d0);
                Assert.Equal(x.Shape, tt.Shape);
                Assert.Equal(x.Strides(), tt.Strides());
                Assert.Equal(r.Values, OpsHelpers.Read(tt));
                Assert.Equal(r.Values, OpsHelpers.Read(x.T.T));
            },
            iter: Iterations);
    }

    [Fact]
    public void ExpandThenContiguousEqualsNaiveBroadcast()
    {
        var gen = from shape in Gen.Int[0, 3].Array[0, 4]
                  from ones in Gen.Bool.Array[shape.Length]
                  from lead in Gen.Int[0, 3].Array[0, 2]
                  select (shape, ones, lead);
        gen.Sample(
            c =>
            {
                var small = c.shape.Select((s, i) => c.ones[i] ? 1 : s).ToArray();
                var target = c.lead.Concat(c.shape).ToArray();
                var (x, r) = Distinct(small);
                var e = x.Expand(target);
                var expected = r.BroadcastTo(target);
                OpsHelpers.AssertMatches(expected, e, $"Expand {OpsHelpers.Describe(small)} to {OpsHelpers.Describe(target)}");
                var c2 = e.Contiguous();
                Assert.True(c2.IsContiguous);
                Assert.Equal(expected.Values, c2.ToArray<double>());

                // Arithmetic with an expanded operand equals arithmetic with its copy.
                var (y, yRef) = Distinct(target);
                Assert.Equal(OpsHelpers.Read(c2 + y), OpsHelpers.Read(e + y));
                Assert.Equal(RefTensor.Zip(expected, yRef, (a, b) => a - b, DType.Float64).Values, OpsHelpers.Read(e - y));
            },
            iter: Iterations);
    }

    [Fact]
    public void UnsqueezeThenSqueezeIsIdentity()
    {
        var gen = from shape in Gen.Int[2, 4].Array[0, 4]
                  from dim in Gen.Int[0, shape.Length]
                  select (shape, dim);
        gen.Sample(
            c =>
            {
                var (x, r) = Distinct(c.shape);
                var u = x.Unsqueeze(c.dim);
                Assert.Equal(1, u.Size(c.dim));
                Assert.Equal(c.shape.Length + 1, u.Dim);
                Assert.Equal(r.Values, OpsHelpers.Read(u));
                Assert.Equal(x.Shape, u.Squeeze(c.dim).Shape);
                Assert.Equal(x.Shape, u.Squeeze().Shape);
                Assert.Equal(r.Values, OpsHelpers.Read(u.Squeeze(c.dim)));
            },
            iter: Iterations);
    }
}
