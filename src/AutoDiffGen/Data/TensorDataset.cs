namespace AutoDiffGen;

/// <summary>
/// A dataset over two tensors whose first dimension indexes samples, like <c>torch.utils.data.TensorDataset(x, y)</c>:
/// sample i is <c>(inputs[i], targets[i])</c>, views that share the tensors' storage (nothing is copied until the
/// <c>DataLoader</c> stacks a batch).
/// </summary>
public sealed class TensorDataset : Dataset<(Tensor Input, Tensor Target)>
{
    /// <exception cref="TensorShapeException">A tensor is 0-d, or the two first dimensions differ.</exception>
    public TensorDataset(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Dim == 0 || targets.Dim == 0)
        {
            throw new TensorShapeException(
                $"TensorDataset: inputs {inputs.Shape} and targets {targets.Shape} must both have a first dimension " +
                "that indexes samples; a 0-d tensor has none (use Unsqueeze(0) for a single sample).");
        }

        if (inputs.Size(0) != targets.Size(0))
        {
            throw new TensorShapeException(
                $"TensorDataset: size mismatch between tensors: inputs {inputs.Shape} hold {inputs.Size(0)} samples but " +
                $"targets {targets.Shape} hold {targets.Size(0)}; both need one row per sample in dimension 0.");
        }

        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>All inputs, samples along dimension 0.</summary>
    public Tensor Inputs { get; }

    /// <summary>All targets, samples along dimension 0.</summary>
    public Tensor Targets { get; }

    public override int Count => Inputs.Size(0);

    public override (Tensor Input, Tensor Target) this[int index]
    {
        get
        {
            CheckIndex(index);
            return (Inputs.Select(0, index), Targets.Select(0, index));
        }
    }
}
