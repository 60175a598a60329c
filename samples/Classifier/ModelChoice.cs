using AutoDiffGen;

namespace Classifier;

/// <summary>
/// One of the sample's models, with what the training loop needs from it: a fresh instance, its forward pass and
/// its compiled training step. Each model has its own generated step, so the loop stays the same for all of them.
/// </summary>
internal sealed record ModelChoice(
    string Name, string Description, Func<Generator, Module> Create, Func<Module, Tensor, Tensor> Forward, Func<Module, Optimizer, Tensor, Tensor, Tensor> Step)
{
    /// <summary>The names <c>--model</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["mlp", "cnn"];

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="NotSupportedException">The name is known but the model cannot be built with this runtime.</exception>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static ModelChoice Get(string name) => name switch
    {
        "mlp" => new ModelChoice(
            "mlp",
            "MLP 784-128-10, ReLU",
            generator => new Mlp(generator),
            (model, x) => ((Mlp)model).Forward(x),
            (model, optimizer, x, y) => Training.MlpStep((Mlp)model, optimizer, x, y)),
        "cnn" => throw new NotSupportedException(
            "--model cnn is not available yet: it needs the Conv2d and MaxPool2d layers, which this version of AutoDiffGen " +
            "does not have. Use --model mlp."),
        _ => throw new ArgumentException($"unknown model '{name}'; --model takes one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
