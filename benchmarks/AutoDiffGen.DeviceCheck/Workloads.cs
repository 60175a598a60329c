namespace AutoDiffGen.DeviceCheck;

/// <summary>LeNet-5 (as in the tutorials, on 28×28 inputs with padding 2) and its compiled SGD step.</summary>
public sealed partial class LeNet5 : Module
{
    public LeNet5(Generator generator)
    {
        Conv1 = new Conv2d(1, 6, 5, padding: 2, generator: generator);
        Conv2 = new Conv2d(6, 16, 5, generator: generator);
        Pool = new MaxPool2d(2);
        Fc1 = new Linear(16 * 5 * 5, 120, generator: generator);
        Fc2 = new Linear(120, 84, generator: generator);
        Fc3 = new Linear(84, 10, generator: generator);
    }

    public Conv2d Conv1 { get; }

    public Conv2d Conv2 { get; }

    public MaxPool2d Pool { get; }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    public Linear Fc3 { get; }

    [Differentiable]
    public Tensor Forward(Tensor x)
    {
        var h = Pool.Forward(Conv1.Forward(x).Relu());
        h = Pool.Forward(Conv2.Forward(h).Relu());
        return Fc3.Forward(Fc2.Forward(Fc1.Forward(h.Flatten(1)).Relu()).Relu());
    }

    [Differentiable]
    public static Tensor Loss(LeNet5 model, [NoDiff] Tensor x, [NoDiff] Tensor y) => Losses.CrossEntropy(model.Forward(x), y);

    [TrainingStep(nameof(Loss))]
    public static partial Tensor Step(LeNet5 model, Sgd optimizer, Tensor x, Tensor y);
}
