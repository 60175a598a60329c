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
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static ModelChoice Get(string name) => name switch
    {
        "mlp" => new ModelChoice(
            "mlp",
            "MLP 784-128-10, ReLU",
            generator => new Mlp(generator),
            (model, x) => ((Mlp)model).Forward(x),
            (model, optimizer, x, y) => Training.MlpStep((Mlp)model, optimizer, x, y)),
        "cnn" => new ModelChoice(
            "cnn",
            "LeNet-style CNN: conv 1→8 5x5, ReLU, max-pool 2, conv 8→16 5x5, ReLU, max-pool 2, linear 256→64, ReLU, linear 64→10",
            generator => new LeNet(generator),
            (model, x) => ((LeNet)model).Forward(x),
            (model, optimizer, x, y) => Training.LeNetStep((LeNet)model, optimizer, x, y)),
        _ => throw new ArgumentException($"unknown model '{name}'; --model takes one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
