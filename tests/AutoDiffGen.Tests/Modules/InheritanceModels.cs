namespace AutoDiffGen.Tests.Modules;

// Models that derive from models: methods of a derived model call the differentiable methods they inherit (on this,
// on a parameter, on a child), in straight-line code, branches and loops, two and three levels deep.

/// <summary>The base model: one weight, a forward pass, and a loss declared on the base type.</summary>
public partial class BaseNet : Module
{
    public BaseNet(DType dtype) => W = Tensor.Randn([3, 3], dtype) * 0.5;

    [Parameter]
    public Tensor W { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Tensor.MatMul(x, W).Tanh();

    [Differentiable]
    public static Tensor BaseLoss(BaseNet model, [NoDiff] Tensor x) => model.Forward(x).Pow(2).Sum();
}

/// <summary>A model derived from <see cref="BaseNet"/> with a parameter and a child of its own.</summary>
public partial class DerivedNet : BaseNet
{
    public DerivedNet(DType dtype)
        : base(dtype)
    {
        V = Tensor.Randn([3], dtype);
        Head = new Linear(3, 2, dtype: dtype);
    }

    [Parameter]
    public Tensor V { get; }

    public Linear Head { get; }

    /// <summary>Calls the inherited Forward on this: the base's gradient is lifted into this model's.</summary>
    [Differentiable]
    public Tensor Forward2(Tensor x) => Head.Forward(Forward(x) * V);

    /// <summary>The inherited method first and last, its gradient added to this model's own.</summary>
    [Differentiable]
    public static Tensor Loss(DerivedNet model, [NoDiff] Tensor x) => model.Forward(x).Mean() + model.Forward2(x).Pow(2).Sum() + model.Forward(x).Sum();

    /// <summary>The derived model passed to the loss declared on the base, next to its own parameter.</summary>
    [Differentiable]
    public static Tensor ViaBase(DerivedNet model, [NoDiff] Tensor x) => BaseLoss(model, x) + (model.V * model.V).Sum();

    /// <summary>Inherited calls inside a branch and a loop (the structured reverse pass).</summary>
    [Differentiable]
    public Tensor Repeated(Tensor x, int steps)
    {
        var h = x;
        for (var i = 0; i < steps; i++)
        {
            h = Forward(h) * V;
        }

        if (steps > 1)
        {
            h = Forward(h);
        }

        return h.Pow(2).Mean();
    }
}

/// <summary>A third level: calls the methods of both models above it.</summary>
public sealed partial class TopNet : DerivedNet
{
    public TopNet(DType dtype)
        : base(dtype) => U = Tensor.Randn([3], dtype);

    [Parameter]
    public Tensor U { get; }

    [Differentiable]
    public Tensor Forward3(Tensor x) => Forward2(Forward(x) * U).Sum() + Repeated(x, 2) + Forward(x).Mean();

    [Differentiable]
    public static Tensor Loss(TopNet model, [NoDiff] Tensor x, int steps)
    {
        var h = x;
        for (var i = 0; i < steps; i++)
        {
            h = model.Forward(h) + (model.Forward(h) * model.U);
        }

        return model.Forward3(h) + DerivedNet.Loss(model, x) + BaseLoss(model, x);
    }
}

/// <summary>A model whose child is a derived model, calling the methods the child inherits.</summary>
public sealed partial class Holder : Module
{
    public Holder(DType dtype)
    {
        Inner = new DerivedNet(dtype);
        Scale = Tensor.Full([1], 0.7).To(dtype);
    }

    public DerivedNet Inner { get; }

    [Parameter]
    public Tensor Scale { get; }

    [Differentiable]
    public static Tensor Loss(Holder model, [NoDiff] Tensor x) =>
        (model.Inner.Forward(x).Sum() * model.Scale).Sum() + model.Inner.Forward2(x).Mean();
}

/// <summary>A derived model whose own Forward hides the base's and calls it (base.Forward).</summary>
public sealed partial class Wrapped : BaseNet
{
    public Wrapped(DType dtype)
        : base(dtype) => Bias = Tensor.Randn([3], dtype);

    [Parameter]
    public Tensor Bias { get; }

    [Differentiable]
    public new Tensor Forward(Tensor x) => base.Forward(x) + Bias;

    /// <summary>Its own Forward, and the base's through the loss declared on the base (a non-virtual call, as in C#).</summary>
    [Differentiable]
    public static Tensor Loss(Wrapped model, [NoDiff] Tensor x) => model.Forward(x).Pow(2).Sum() + BaseLoss(model, x);
}

/// <summary>A training step compiled for a derived model's loss.</summary>
public static partial class InheritanceSteps
{
    [TrainingStep(typeof(DerivedNet), nameof(DerivedNet.Loss))]
    public static partial Tensor DerivedStep(DerivedNet model, Optimizer optimizer, Tensor x);
}

/// <summary>A generic base model (the type argument only tags it) with a loss declared on the generic type.</summary>
public partial class TaggedBase<TTag> : Module
{
    public TaggedBase(DType dtype) => W = Tensor.Randn([3, 3], dtype) * 0.5;

    [Parameter]
    public Tensor W { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Tensor.MatMul(x, W).Tanh();

    [Differentiable]
    public static Tensor BaseLoss(TaggedBase<TTag> model, [NoDiff] Tensor x) => model.Forward(x).Pow(2).Sum();
}

/// <summary>A model deriving from a closed generic base: the inherited Forward and the base's loss lift into its gradient.</summary>
public sealed partial class TaggedNet : TaggedBase<int>
{
    public TaggedNet(DType dtype)
        : base(dtype) => V = Tensor.Randn([3], dtype);

    [Parameter]
    public Tensor V { get; }

    [Differentiable]
    public static Tensor Loss(TaggedNet model, [NoDiff] Tensor x) => (model.Forward(x) * model.V).Sum() + BaseLoss(model, x);
}
