namespace AutoDiffGen;

/// <summary>
/// Marks a <c>partial</c> method declaration whose body the generator writes: one training step of a
/// <c>[Differentiable]</c> loss, compiled ahead of time — the forward pass, the backward pass and the optimizer's
/// update, in one generated method. The step takes the loss's parameters (same types and order) plus one
/// <see cref="Optimizer"/> parameter anywhere in the list, and returns the loss (or <c>void</c>):
/// <code>
/// [TrainingStep(nameof(Loss))]
/// public static partial Tensor Step(Net model, Optimizer optimizer, Tensor x, Tensor y);
/// </code>
/// The optimizer receives the loss's gradients in parameter order, a model's expanded to its
/// <c>Parameters()</c>: construct it with the same tensors (<c>new Sgd(model.Parameters(), ...)</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TrainingStepAttribute : Attribute
{
    /// <summary>A step of the [Differentiable] method <paramref name="loss"/> of the same type.</summary>
    public TrainingStepAttribute(string loss)
    {
        Loss = loss;
    }

    /// <summary>A step of the [Differentiable] method <paramref name="loss"/> of <paramref name="type"/>.</summary>
    public TrainingStepAttribute(Type type, string loss)
    {
        Type = type;
        Loss = loss;
    }

    /// <summary>The type that declares the loss, or null for the step's own type.</summary>
    public Type? Type { get; }

    /// <summary>The name of the [Differentiable] loss method.</summary>
    public string Loss { get; }
}
