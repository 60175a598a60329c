namespace AutoDiffGen.Transforms;

/// <summary>
/// Tensor transforms applied in order, like <c>transforms.Compose([...])</c>:
/// <c>new Compose(new Resize(16), new Normalize([0.5], [0.5]))</c>. Random steps draw one after another from the
/// same generator. To start from an <see cref="Image"/>, use <see cref="Compose{TIn}"/> with <see cref="ToTensor"/> first.
/// </summary>
public sealed class Compose : Transform<Tensor, Tensor>
{
    private readonly Transform<Tensor, Tensor>[] _transforms;

    public Compose(params Transform<Tensor, Tensor>[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        _transforms = [.. transforms];
        for (var i = 0; i < _transforms.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_transforms[i], $"{nameof(transforms)}[{i}]");
        }
    }

    public IReadOnlyList<Transform<Tensor, Tensor>> Transforms => _transforms;

    public override bool IsRandom => _transforms.Any(t => t.IsRandom);

    public override Tensor Apply(Tensor input, Generator generator)
    {
        foreach (var transform in _transforms)
        {
            input = transform.Apply(input, generator);
        }

        return input;
    }
}

/// <summary>
/// A transform from <typeparamref name="TIn"/> to a tensor followed by tensor transforms, e.g. the usual image
/// pipeline <c>new Compose&lt;Image&gt;(new ToTensor(), new Resize(16), new Normalize(mean, std))</c>. (torchvision
/// resizes PIL images before <c>ToTensor</c>; here every geometric transform works on the CHW tensor, so
/// <c>ToTensor</c> comes first, which the types enforce.)
/// </summary>
/// <remarks>
/// <see cref="ToTensor"/> directly followed by <see cref="Normalize"/> runs as one pass that writes normalised
/// floats (one tensor per sample, not two), with the same values bit for bit as the two steps one after the other.
/// </remarks>
public sealed class Compose<TIn> : Transform<TIn, Tensor>
{
    private readonly Transform<TIn, Tensor> _first;
    private readonly Compose _rest;

    public Compose(Transform<TIn, Tensor> first, params Transform<Tensor, Tensor>[] rest)
    {
        ArgumentNullException.ThrowIfNull(first);
        _rest = new Compose(rest); // checks every step for null, with its index
        if (first is ToTensor && rest.Length > 0 && rest[0] is Normalize normalize)
        {
            // first is a ToTensor, a Transform<Image, Tensor>, so TIn is Image: the cast cannot fail.
            _first = (Transform<TIn, Tensor>)(object)new NormalizedToTensor(normalize);
            _rest = new Compose(rest[1..]);
        }
        else
        {
            _first = first;
        }
    }

    public override bool IsRandom => _first.IsRandom || _rest.IsRandom;

    /// <summary>The first step as it runs (ToTensor + Normalize fused into one), for datasets that recognise it.</summary>
    internal Transform<TIn, Tensor> First => _first;

    /// <summary>The steps after <see cref="First"/>.</summary>
    internal Compose Rest => _rest;

    public override Tensor Apply(TIn input, Generator generator) => _rest.Apply(_first.Apply(input, generator), generator);
}
