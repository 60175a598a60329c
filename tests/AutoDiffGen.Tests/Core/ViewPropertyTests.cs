using CsCheck;

namespace AutoDiffGen.Tests.Core;

/// <summary>Identities of views that must hold for every shape and permutation (CsCheck generates and shrinks them).</summary>
public class ViewPropertyTests
{
    private static readonly Gen<int[]> _shapes = Gen.Int[0, 4].Array[0, 4];

    private static readonly Gen<(int[] Shape, int[] Permutation)> _shapeAndPermutation =
        from shape in Gen.Int[1, 4].Array[1, 4]
        from keys in Gen.Double.Array[shape.Length]
        select (shape, Enumerable.Range(0, shape.Length).OrderBy(i => keys[i]).ThenBy(i => i).ToArray());

    private static Tensor Numbered(int[] shape) =>
        Tensor.Arange(shape.Aggregate(1, (a, b) => a * b)).To(DType.Float32).Reshape(shape);

    [Fact]
    public void Permute_then_inverse_permute_is_the_identity()
    {
        _shapeAndPermutation.Sample(sp =>
        {
            var (shape, perm) = sp;
            var x = Numbered(shape);
            var inverse = new int[perm.Length];
            for (var i = 0; i < perm.Length; i++)
            {
                inverse[perm[i]] = i;
            }

            var round = x.Permute(perm).Permute(inverse);
            return round.Shape == x.Shape && round.ToArray<float>().SequenceEqual(x.ToArray<float>());
        });
    }

    [Fact]
    public void Permuted_elements_are_where_the_permutation_says()
    {
        _shapeAndPermutation.Sample(sp =>
        {
            var (shape, perm) = sp;
            var x = Numbered(shape);
            var p = x.Permute(perm);
            var values = x.ToArray<float>();
            var permuted = p.ToArray<float>();
            var strides = new int[shape.Length];
            var s = 1;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                strides[d] = s;
                s *= shape[d];
            }

            for (var flat = 0; flat < permuted.Length; flat++)
            {
                var rem = flat;
                var source = 0;
                for (var d = perm.Length - 1; d >= 0; d--)
                {
                    var size = shape[perm[d]];
                    source += rem % size * strides[perm[d]];
                    rem /= size;
                }

                if (permuted[flat] != values[source])
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Reshape_round_trips_and_view_of_contiguous_equals_reshape()
    {
        _shapes.Sample(shape =>
        {
            var x = Numbered(shape);
            var flat = x.Reshape(-1);
            var back = flat.Reshape(shape);
            var viewed = x.View(x.NumElements);
            return back.Shape.Equals(shape) && back.ToArray<float>().SequenceEqual(x.ToArray<float>())
                && viewed.ToArray<float>().SequenceEqual(flat.ToArray<float>());
        });
    }

    [Fact]
    public void Transpose_twice_is_the_identity_and_flatten_reads_row_major()
    {
        _shapeAndPermutation.Sample(sp =>
        {
            var (shape, perm) = sp;
            var x = Numbered(shape).Permute(perm);
            var d0 = perm[0];
            var d1 = perm[^1];
            var twice = x.Transpose(d0, d1).Transpose(d0, d1);
            return twice.ToArray<float>().SequenceEqual(x.ToArray<float>())
                && x.Flatten().ToArray<float>().SequenceEqual(x.Contiguous().ToArray<float>())
                && x.Reshape(-1).ToArray<float>().SequenceEqual(x.Contiguous().View(-1).ToArray<float>());
        });
    }

    [Fact]
    public void Expand_then_contiguous_equals_naive_broadcast()
    {
        var gen = from shape in Gen.Int[1, 3].Array[1, 3]
                  from ones in Gen.Bool.Array[shape.Length]
                  from lead in Gen.Int[0, 2]
                  select (Shape: shape, Small: shape.Select((s, i) => ones[i] ? 1 : s).ToArray(), Lead: lead);
        gen.Sample(c =>
        {
            var small = Numbered(c.Small);
            var target = Enumerable.Repeat(2, c.Lead).Concat(c.Shape).ToArray();
            var expanded = small.Expand(target).Contiguous().ToArray<float>();
            var values = small.ToArray<float>();
            for (var flat = 0; flat < expanded.Length; flat++)
            {
                var rem = flat;
                var index = 0;
                var stride = 1;
                for (var d = target.Length - 1; d >= c.Lead; d--)
                {
                    var coordinate = rem % target[d];
                    rem /= target[d];
                    var size = c.Small[d - c.Lead];
                    index += (size == 1 ? 0 : coordinate) * stride;
                    stride *= size;
                }

                if (expanded[flat] != values[index])
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Views_share_storage_with_their_base()
    {
        _shapeAndPermutation.Sample(sp =>
        {
            var (shape, perm) = sp;
            var x = Numbered(shape);
            x.Permute(perm).FillInPlace(-1);
            return x.ToArray<float>().All(v => v == -1);
        });
    }
}
