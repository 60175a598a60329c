using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// Layers applied in order, like <c>torch.nn.Sequential</c>: <c>new Sequential(new Linear(784, 128), new ReLU(),
/// new Linear(128, 10))</c>. Children are named by position (<c>0.weight</c>, <c>2.bias</c>), as in PyTorch. Its
/// layers are called through <see cref="ILayer"/>, so its pullback is written here rather than generated: each
/// layer's pullback is kept in the forward pass and run backwards.
/// </summary>
public sealed class Sequential : Module, ILayer, IReadOnlyList<Module>
{
    private readonly ILayer[] _layers;

    // The children's names ("0", "1", ...), made once: walking the members (every training step does) allocates nothing.
    private readonly string[] _names;

    /// <summary>Chains <paramref name="layers"/>; each must be a <see cref="Module"/> implementing <see cref="ILayer"/>.</summary>
    /// <exception cref="ArgumentException">A null layer, or a layer that is not a <see cref="Module"/>.</exception>
    public Sequential(params ILayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        for (var i = 0; i < layers.Length; i++)
        {
            if (layers[i] is not Module)
            {
                throw new ArgumentException(layers[i] is null
                    ? $"Sequential: layer {i} is null."
                    : $"Sequential: layer {i} ({layers[i].GetType().Name}) is not a Module; derive it from Module so its parameters are found.", nameof(layers));
            }
        }

        _layers = [.. layers];
        _names = [.. Enumerable.Range(0, _layers.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    }

    public int Count => _layers.Length;

    public Module this[int index] => (Module)_layers[index];

    /// <summary>Applies the layers in order (no gradient).</summary>
    [Differentiable(Manual = true)]
    public Tensor Forward(Tensor input)
    {
        foreach (var layer in _layers)
        {
            input = layer.Forward(input);
        }

        return input;
    }

    /// <summary>Applies the layers in order, keeping each layer's pullback for <see cref="ForwardPullback.Invoke"/>.</summary>
    public (Tensor Value, ForwardPullback Pullback) ForwardWithPullback(Tensor input)
    {
        var pullbacks = new LayerPullback[_layers.Length];
        for (var i = 0; i < _layers.Length; i++)
        {
            (input, pullbacks[i]) = _layers[i].ForwardWithPullback(input);
        }

        return (input, new ForwardPullback(this, pullbacks));
    }

    (Tensor Value, LayerPullback Pullback) ILayer.ForwardWithPullback(Tensor input)
    {
        var (value, pullback) = ForwardWithPullback(input);
        return (value, (adjoint, wanted) => pullback.Invoke(adjoint, wanted));
    }

    public IEnumerator<Module> GetEnumerator() => _layers.Cast<Module>().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    protected override void VisitMembers(ModuleVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        for (var i = 0; i < _layers.Length; i++)
        {
            visitor.Module(_names[i], (Module)_layers[i]);
        }
    }

    /// <summary>The pullback of <see cref="Forward"/>: the layers' pullbacks, run last to first.</summary>
    public readonly struct ForwardPullback
    {
        private readonly Sequential _owner;
        private readonly LayerPullback[] _pullbacks;

        internal ForwardPullback(Sequential owner, LayerPullback[] pullbacks)
        {
            _owner = owner;
            _pullbacks = pullbacks;
        }

        /// <summary>
        /// Maps the adjoint of the output to the layers' gradients and the adjoint of the input. Bit 0 of
        /// <paramref name="wanted"/> asks for the layers' gradients, bit 1 for the input's (the first layer then
        /// skips computing it, e.g. for a batch of data); one not asked for is null.
        /// </summary>
        public (Gradient self, Tensor input) Invoke(Tensor adjoint, ulong wanted = ulong.MaxValue)
        {
            var gradients = new ModuleGradient?[_pullbacks.Length];
            var self = wanted & 1;
            for (var i = _pullbacks.Length - 1; i >= 0; i--)
            {
                // Every layer but the first passes an adjoint on to the layer before it.
                (gradients[i], adjoint) = _pullbacks[i](adjoint, self | (i > 0 ? 2UL : wanted & 2));
            }

            return (self != 0 ? new Gradient(_owner, gradients) : null!, adjoint);
        }
    }

    /// <summary>The gradient of a <see cref="Sequential"/>: one layer gradient per position (null: zero).</summary>
    public sealed class Gradient : ModuleGradient
    {
        private readonly ModuleGradient?[] _layers;

        /// <summary>A zero gradient of <paramref name="owner"/>.</summary>
        public Gradient(Sequential owner)
            : this(owner, new ModuleGradient?[owner?.Count ?? 0])
        {
        }

        internal Gradient(Sequential owner, ModuleGradient?[] layers)
            : base(owner)
        {
            _layers = layers;
        }

        /// <summary>A zero gradient of <paramref name="owner"/>, as generated gradient types offer it (generated code calls it).</summary>
        public static Gradient Of(Sequential owner) => new(owner);

        /// <summary>The gradient of layer <paramref name="index"/>, or null where none flowed.</summary>
        public ModuleGradient? Layer(int index) => _layers[index];

        public static Gradient operator +(Gradient left, Gradient right)
        {
            ArgumentNullException.ThrowIfNull(left);
            ArgumentNullException.ThrowIfNull(right);
            var sum = new ModuleGradient?[left._layers.Length];
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] = Sum(left._layers[i], right._layers[i]);
            }

            return new Gradient((Sequential)left.Owner, sum);
        }

        protected override ModuleGradient Add(ModuleGradient other) => this + (Gradient)other;

        protected override void VisitPairs(Pairs pairs)
        {
            ArgumentNullException.ThrowIfNull(pairs);
            foreach (var layer in _layers)
            {
                pairs.Child(layer);
            }
        }
    }
}
