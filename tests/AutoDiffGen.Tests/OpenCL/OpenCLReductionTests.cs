using static AutoDiffGen.Tests.OpenCL.OpenCLTestKit;

namespace AutoDiffGen.Tests.OpenCL;

/// <summary>Reductions, softmax, matmul, views, joins and copies on the device equal the CPU's results.</summary>
[Collection("OpenCL")]
public class OpenCLReductionTests
{
    [OpenCLFact]
    public void Whole_tensor_reductions_match_cpu()
    {
        foreach (var x in new[] { Values(3, 4), Values(5, 7).T, Tensor.Scalar(2.5), Values(1000, 37), Values(0) })
        {
            SameStrided(t => t[0].Sum(), x);
            if (x.NumElements > 0)
            {
                SameStrided(t => t[0].Mean(), x);
                SameStrided(t => t[0].Max(), x);
                SameStrided(t => t[0].Min(), x);
                SameStrided(t => t[0].ArgMax(), x);
                SameStrided(t => t[0].ArgMin(), x);
            }
        }

        Same(t => t[0].Sum(), Tensor.Arange(100).To(DType.Int32));
        Same(t => t[0].Sum(), Tensor.Arange(10).Gt(3));
        Same(t => t[0].Max(), Tensor.Arange(10).Gt(3));
        Same(t => t[0].Sum(), Values(4, 4).To(DType.Float64));
    }

    [OpenCLFact]
    public void Reductions_along_dims_match_cpu()
    {
        var x = Values(3, 4, 5);
        foreach (var keep in new[] { false, true })
        {
            for (var d = -3; d < 3; d++)
            {
                SameStrided(t => t[0].Sum(d, keep), x);
                SameStrided(t => t[0].Mean(d, keep), x);
                SameStrided(t => t[0].Max(d, keep).Values, x);
                SameStrided(t => t[0].Max(d, keep).Indices, x);
                SameStrided(t => t[0].Min(d, keep).Values, x);
                SameStrided(t => t[0].ArgMax(d, keep), x);
                SameStrided(t => t[0].ArgMin(d, keep), x);
                SameStrided(t => t[0].Transpose(0, 2).Sum(d, keep), x);
            }

            SameStrided(t => t[0].Sum([0, 2], keep), x);
            SameStrided(t => t[0].Mean([2, 1], keep), x);
        }

        Same(t => t[0].Sum(0), Tensor.Arange(12).View(3, 4));
        Same(t => t[0].Sum(0), Tensor.Scalar(3.0));
        Same(t => t[0].ArgMax(0), Tensor.Scalar(3.0));
        Same(t => t[0].SumToSize(1, 4), Values(3, 4));
        Same(t => t[0].SumToSize(3, 1), Values(2, 3, 4));
        Same(t => t[0].SumToSize(3, 4), Values(3, 4));
    }

    [OpenCLFact]
    public void Softmax_and_log_softmax_match_cpu_along_every_dim()
    {
        var x = Values(3, 4, 5) * 3;
        for (var d = -3; d < 3; d++)
        {
            SameStrided(t => t[0].Softmax(d), x);
            SameStrided(t => t[0].LogSoftmax(d), x);
            SameStrided(t => t[0].Permute(2, 0, 1).Softmax(d), x);
        }

        Same(t => t[0].Softmax(0), Tensor.Scalar(1.0));
        Same(t => t[0].LogSoftmax(-1), Tensor.Arange(6).View(2, 3));
    }

    [OpenCLFact]
    public void MatMul_matches_cpu_for_every_rank_rule_and_layout()
    {
        Same(t => Tensor.MatMul(t[0], t[1]), Values(17, 33), Values(33, 9));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(1, 1), Values(1, 1));
        Same(t => Tensor.MatMul(t[0].T, t[1].T), Values(33, 17), Values(9, 33));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(2, 1, 5, 4), Values(3, 4, 6));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(4), Values(4, 3));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(3, 4), Values(4));
        Same(t => t[0].Dot(t[1]), Values(40), Values(40));
        Same(t => t[0].Mm(t[1]), Values(20, 20), Values(20, 20));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(0, 3), Values(3, 5));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(2, 0), Values(0, 5));
        Same(t => Tensor.MatMul(t[0], t[1]), Tensor.Arange(12).View(3, 4), Tensor.Arange(8).View(4, 2));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(3, 4).To(DType.Float64), Values(4, 5).To(DType.Float64));
        SameStrided(t => Tensor.MatMul(t[0], t[1]), Values(8, 6)[TensorIndex.Slice(null, null, 2)], Values(5, 6).T);
    }

    [OpenCLFact]
    public void Large_matmuls_take_the_blocked_kernel_and_match_cpu()
    {
        // 64×64 blocks with ragged edges, k not a multiple of the 16-deep slice, transposed operands, a batch.
        Same(t => Tensor.MatMul(t[0], t[1]), Values(130, 77), Values(77, 200));
        Same(t => Tensor.MatMul(t[0].T, t[1]), Values(45, 64), Values(45, 64));
        Same(t => Tensor.MatMul(t[0], t[1].T), Values(64, 33), Values(129, 33));
        Same(t => Tensor.MatMul(t[0], t[1]), Values(3, 70, 20), Values(20, 65));
        Same(t => Tensor.MatMul(t[0].T, t[1].T), Values(300, 96), Values(64, 300));
    }

    [OpenCLFact]
    public void Sums_along_a_long_axis_into_few_outputs_match_cpu()
    {
        // The adjoint of a scalar broadcast over a big tensor: one output, a 70,000-long axis (folded in passes).
        Same(t => t[0].Sum([0]), Values(70000));
        Same(t => t[0].Sum([1]), Values(3, 50000, 2));
        Same(t => t[0].Sum([1], keepDim: true), Values(2, 20000, 3));
        Same(t => t[0].Sum([0, 1]), Values(40000, 5, 2));
        Same(t => t[0].Mean([0]), Values(17000, 2));
    }

    [OpenCLFact]
    public void Views_are_metadata_only_on_the_device()
    {
        var x = Values(4, 6);
        var d = x.To(Dev);
        Assert.Same(d._storage, d.View(6, 4)._storage);
        Assert.Same(d._storage, d.T._storage);
        Assert.Same(d._storage, d[1]._storage);
        Assert.Same(d._storage, d[.., 1..3]._storage);
        Assert.Same(d._storage, d.Unsqueeze(0).Expand(3, 4, 6)._storage);
        Same(t => t[0].View(6, 4), x);
        Same(t => t[0].Reshape(3, 8), x);
        Same(t => t[0].T.Reshape(3, 8), x);
        Same(t => t[0].T, x);
        Same(t => t[0].Permute(1, 0).Contiguous(), x);
        Same(t => t[0][1], x);
        Same(t => t[0][1, 2], x);
        Same(t => t[0][.., 1], x);
        Same(t => t[0][1..^1, ..3], x);
        Same(t => t[0][TensorIndex.Ellipsis, TensorIndex.Slice(null, null, 2)], x);
        Same(t => t[0][0].Unsqueeze(0).Expand(3, 6), x);
        Same(t => t[0].Unsqueeze(1).Expand(4, 2, 6).Clone(), x);
        Same(t => t[0].Flatten(), x);
        Same(t => t[0].Narrow(1, 2, 3).Clone(), x);
        Same(t => t[0].Detach(), x);
        Same(t => t[0].To(DType.Int64), x * 3);
        Same(t => t[0].To(DType.Bool), x.Gt(0).To(DType.Float32) * x);
        Assert.Equal(x[2, 3].Item<float>(), d[2, 3].Item<float>());
        Assert.Equal((int)x[2, 3].Item<float>(), d[2, 3].Item<int>());
        Assert.Equal(x.T.ToArray<float>(), d.T.ToArray<float>());
    }

    [OpenCLFact]
    public void Cat_stack_copy_and_indexer_assignment_match_cpu()
    {
        var a = Values(2, 3);
        var b = Values(4, 3) + 1;
        Same(t => Tensor.Cat([t[0], t[1]]), a, b);
        Same(t => Tensor.Cat([t[0].T, t[1].T], dim: 1), a, b);
        Same(t => Tensor.Stack([t[0], t[0] * 2, t[0] + 1], dim: 1), a);
        Same(t => Tensor.Cat([t[0], t[1].To(DType.Int64)]), Values(2, 2), Tensor.Arange(4).View(2, 2));
        Same(t =>
        {
            var c = Tensor.ZerosLike(t[0]);
            c[1] = t[0][0];
            c[.., 2] = t[0][.., 0] * 5;
            return c;
        }, a);
        Same(t => Tensor.OnesLike(t[0]) + Tensor.FullLike(t[0], 2) + Tensor.EmptyLike(t[0]).ZeroInPlace(), a);

        // CopyFrom crosses devices only when asked explicitly.
        var host = Tensor.Zeros(2, 3);
        host.CopyFrom(a.To(Dev));
        Assert.Equal(a.ToArray<float>(), host.ToArray<float>());
        var dev = Tensor.Zeros([2, 3], DType.Float32, Dev);
        dev.CopyFrom(a);
        Assert.Equal(a.ToArray<float>(), dev.ToArray<float>());
    }

    [OpenCLFact]
    public void Printing_copies_back_and_names_the_device()
    {
        var d = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }).To(Dev);
        Assert.Equal("tensor([[1., 2.],\n        [3., 4.]], device='opencl:0')", d.ToString());
        Assert.Equal("tensor(3., device='opencl:0')", d[1, 0].ToString());
    }
}
