namespace AutoDiffGen;

/// <summary>
/// Embedding lookup (like <c>torch.nn.functional.embedding</c>) and its gradient. On the CPU it copies rows; on an
/// OpenCL device it multiplies a one-hot matrix by the weight, which costs rows × num_embeddings memory but needs
/// no gather kernel.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The rows of <paramref name="weight"/> [num_embeddings, embedding_dim] picked by the integer
    /// <paramref name="indices"/> (Int64 or Int32, any shape): the result is indices.Shape + [embedding_dim].
    /// The indices are data; the weight's adjoint adds each result row's adjoint into the row it came from.
    /// </summary>
    public static Tensor Embedding(Tensor indices, Tensor weight)
    {
        var dim = CheckEmbedding(indices, weight);
        var shape = new int[indices.Dim + 1];
        indices._shape.CopyTo(shape, 0);
        shape[^1] = dim;
        if (weight._storage is not null || indices._storage is not null)
        {
            var oneHot = Losses.OneHot(indices.To(DType.Int64).Reshape(-1), weight._shape[0]).To(weight._dtype);
            return MatMul(oneHot, weight).Reshape(shape);
        }

        var rows = EmbeddingRows(indices, weight._shape[0]);
        var w = weight.Contiguous();
        var result = Allocate(weight._dtype, shape);
        if (weight._dtype == DType.Float32)
        {
            Gather(w.ContiguousSpan<float>(), rows, dim, result.ContiguousSpan<float>());
        }
        else
        {
            Gather(w.ContiguousSpan<double>(), rows, dim, result.ContiguousSpan<double>());
        }

        return result;
    }

    /// <summary>The weight's adjoint: zeros with each adjoint row added into the row its index names.</summary>
    internal static Tensor EmbeddingWeightGradient(Tensor indices, Tensor weight, Tensor adjoint)
    {
        var dim = CheckEmbedding(indices, weight);
        if (weight._storage is not null || adjoint._storage is not null)
        {
            var oneHot = Losses.OneHot(indices.To(DType.Int64).Reshape(-1), weight._shape[0]).To(weight._dtype);
            return MatMul(oneHot.T, adjoint.Reshape(-1, dim));
        }

        var rows = EmbeddingRows(indices, weight._shape[0]);
        var g = adjoint.To(weight._dtype).Contiguous();
        var result = AllocateZeroed(weight._dtype, ShapeUtil.Copy(weight._shape));
        if (weight._dtype == DType.Float32)
        {
            Scatter(g.ContiguousSpan<float>(), rows, dim, result.ContiguousSpan<float>());
        }
        else
        {
            Scatter(g.ContiguousSpan<double>(), rows, dim, result.ContiguousSpan<double>());
        }

        return result;
    }

    private static void Gather<T>(ReadOnlySpan<T> weight, int[] rows, int dim, Span<T> result)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            weight.Slice(rows[i] * dim, dim).CopyTo(result.Slice(i * dim, dim));
        }
    }

    private static void Scatter<T>(ReadOnlySpan<T> adjoint, int[] rows, int dim, Span<T> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (var i = 0; i < rows.Length; i++)
        {
            Kernels.LinearKernels.AddInto(adjoint.Slice(i * dim, dim), gradient.Slice(rows[i] * dim, dim));
        }
    }

    /// <summary>The indices as row numbers, checked against the weight's row count.</summary>
    private static int[] EmbeddingRows(Tensor indices, int num)
    {
        var flat = indices.To(DType.Int64).Contiguous().ContiguousSpan<long>();
        var rows = new int[flat.Length];
        for (var i = 0; i < flat.Length; i++)
        {
            var v = flat[i];
            if (v < 0 || v >= num)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(indices), v,
                    $"Embedding: index out of range: element {i} of the indices is {v}, but the weight has {num} rows, so indices must be in [0, {num - 1}].");
            }

            rows[i] = (int)v;
        }

        return rows;
    }

    /// <summary>Checks dtypes, ranks and devices (and, for device tensors, the index range); returns embedding_dim.</summary>
    private static int CheckEmbedding(Tensor indices, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        if (indices._dtype is not (DType.Int64 or DType.Int32))
        {
            throw new TensorDTypeException(
                $"Embedding: expected the indices to be Int64 or Int32, but got {indices._dtype}. Convert them with To(DType.Int64).");
        }

        CheckNNFloat(weight, "weight", "Embedding");
        if (weight.Dim != 2)
        {
            throw new TensorShapeException(
                $"Embedding: weight must be 2-D [num_embeddings, embedding_dim], but got shape {ShapeUtil.Format(weight._shape)}.");
        }

        if (indices.Device != weight.Device)
        {
            throw TensorDeviceException.Mismatch("Embedding", indices.Device, weight.Device);
        }

        if (indices._storage is not null && indices._numel > 0)
        {
            // The CPU path checks while gathering; the device path has no gather, so check the extremes here.
            var (min, max) = (indices.Min().Item<long>(), indices.Max().Item<long>());
            if (min < 0 || max >= weight._shape[0])
            {
                EmbeddingRows(indices.Cpu(), weight._shape[0]);
            }
        }

        return weight._shape[1];
    }
}
