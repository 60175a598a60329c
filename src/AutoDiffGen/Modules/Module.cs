using System.Text;

namespace AutoDiffGen;

/// <summary>
/// The base of models and layers, like <c>torch.nn.Module</c>. Derive a <c>partial class</c> from it, mark tensor
/// members <see cref="ParameterAttribute"/> (or <see cref="BufferAttribute"/>) and hold child modules in fields or
/// properties; the generator writes <see cref="VisitMembers"/> from the declarations, and with it come
/// <see cref="Parameters"/>, <see cref="NamedParameters"/> (PyTorch's state_dict names: <c>fc1.weight</c>),
/// <see cref="StateDict"/> and a nested <c>Gradient</c> type with the same members, which a <c>[Differentiable]</c>
/// method taking the model returns as the model's gradient and optimizers step with.
/// </summary>
public abstract partial class Module
{
    /// <summary>True in training mode (the default), false after <see cref="Eval"/>: Dropout and BatchNorm read it.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Calls <paramref name="visitor"/> for each parameter, buffer and child module, in declaration order (generated).</summary>
    protected abstract void VisitMembers(ModuleVisitor visitor);

    /// <summary>Lets the runtime walk the members with its own visitors (a training step's memory keeps the buffers).</summary>
    internal void VisitMembersFor(ModuleVisitor visitor) => VisitMembers(visitor);

    /// <summary>Sets training mode on this module and every module under it, like <c>module.train(mode)</c>.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var (_, module) in NamedModules())
        {
            module.Training = mode;
        }

        return this;
    }

    /// <summary>Sets evaluation mode (Dropout passes values through, BatchNorm uses its running statistics), like <c>module.eval()</c>.</summary>
    public Module Eval() => Train(false);

    /// <summary>The trainable tensors, in declaration order (children's in place), each once: what optimizers take.</summary>
    public IReadOnlyList<Tensor> Parameters() => [.. NamedParameters().Select(p => p.Value)];

    /// <summary>The trainable tensors with their dotted names (<c>fc1.weight</c>), as <c>named_parameters()</c>; a tensor shared by two members is listed once.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> NamedParameters()
    {
        var collector = new Collector(parameters: true, buffers: false);
        collector.Walk(this, string.Empty);
        return collector.Tensors;
    }

    /// <summary>The buffers (running statistics) with their dotted names, as <c>named_buffers()</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> NamedBuffers()
    {
        var collector = new Collector(parameters: false, buffers: true);
        collector.Walk(this, string.Empty);
        return collector.Tensors;
    }

    /// <summary>The direct children with their member names in snake_case.</summary>
    public IReadOnlyList<KeyValuePair<string, Module>> NamedChildren()
    {
        var children = new ChildCollector();
        VisitMembers(children);
        return children.Children;
    }

    /// <summary>This module (named "") and every module under it, depth first, with dotted names, as <c>named_modules()</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, Module>> NamedModules()
    {
        var all = new List<KeyValuePair<string, Module>>();
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        void Walk(Module module, string prefix)
        {
            if (!seen.Add(module))
            {
                return;
            }

            all.Add(new(prefix, module));
            foreach (var (name, child) in module.NamedChildren())
            {
                Walk(child, prefix.Length == 0 ? name : prefix + "." + name);
            }
        }

        Walk(this, string.Empty);
        return all;
    }

    /// <summary>Parameters and buffers by dotted name, as <c>state_dict()</c>: the tensors themselves, not copies.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var collector = new Collector(parameters: true, buffers: true);
        collector.Walk(this, string.Empty);
        return collector.Tensors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Moves every parameter and buffer to <paramref name="device"/> in place, like <c>model.to(device)</c>: the
    /// tensors keep their identity, so do it before creating the optimizer (whose state lives where the parameters are).
    /// </summary>
    public Module To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var tensor in StateDict().Values)
        {
            tensor.MoveStorageTo(device);
        }

        return this;
    }

    /// <summary>The number of trainable elements.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.NumElements);

    /// <summary>
    /// Copies <paramref name="stateDict"/> into this module's parameters and buffers in place, like
    /// <c>load_state_dict</c>: shapes must match; values are converted to each tensor's dtype and device. With
    /// <paramref name="strict"/>, missing and unexpected names are an error that lists them.
    /// </summary>
    /// <exception cref="ArgumentException">Missing or unexpected names (strict), or a shape that differs.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var own = StateDict();
        if (strict)
        {
            var missing = own.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
            var unexpected = stateDict.Keys.Where(k => !own.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
            {
                throw new ArgumentException($"Error(s) in loading state_dict for {GetType().Name}: missing key(s): [{string.Join(", ", missing)}]; unexpected key(s): [{string.Join(", ", unexpected)}]. Pass strict: false to load the names that match.", nameof(stateDict));
            }
        }

        foreach (var (name, target) in own)
        {
            if (!stateDict.TryGetValue(name, out var source))
            {
                continue;
            }

            if (!source.Shape.SequenceEqual(target.Shape))
            {
                throw new ArgumentException($"Error in loading state_dict for {GetType().Name}: size mismatch for {name}: copying a param with shape [{string.Join(", ", source.Shape)}], the shape in the current model is [{string.Join(", ", target.Shape)}].", nameof(stateDict));
            }

            target.CopyFrom(source.To(target.DType).To(target.Device));
        }
    }

    /// <summary>PyTorch's module printout: the type, <see cref="ExtraRepr"/>, and the children indented.</summary>
    public override string ToString()
    {
        var children = NamedChildren();
        var extra = ExtraRepr();
        if (children.Count == 0)
        {
            return $"{GetType().Name}({extra})";
        }

        var text = new StringBuilder(GetType().Name).Append('(');
        if (extra.Length > 0)
        {
            text.Append('\n').Append("  ").Append(extra);
        }

        foreach (var (name, child) in children)
        {
            text.Append('\n').Append("  (").Append(name).Append("): ").Append(child.ToString().Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        return text.Append("\n)").ToString();
    }

    /// <summary>The layer's settings for <see cref="ToString"/>, e.g. <c>in_features=784, out_features=128, bias=True</c>.</summary>
    protected virtual string ExtraRepr() => string.Empty;

    private sealed class ChildCollector : ModuleVisitor
    {
        public List<KeyValuePair<string, Module>> Children { get; } = [];

        public override void Parameter(string name, Tensor? value)
        {
        }

        public override void Buffer(string name, Tensor? value)
        {
        }

        public override void Module(string name, Module? value)
        {
            if (value is not null)
            {
                Children.Add(new(name, value));
            }
        }
    }

    private sealed class Collector(bool parameters, bool buffers) : ModuleVisitor
    {
        private readonly HashSet<Tensor> _seen = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<Module> _modules = new(ReferenceEqualityComparer.Instance);
        private string _prefix = string.Empty;

        public List<KeyValuePair<string, Tensor>> Tensors { get; } = [];

        public void Walk(Module module, string prefix)
        {
            if (!_modules.Add(module))
            {
                return;
            }

            var saved = _prefix;
            _prefix = prefix.Length == 0 ? string.Empty : prefix + ".";
            module.VisitMembers(this);
            _prefix = saved;
        }

        public override void Parameter(string name, Tensor? value)
        {
            if (parameters && value is not null && _seen.Add(value))
            {
                Tensors.Add(new(_prefix + name, value));
            }
        }

        public override void Buffer(string name, Tensor? value)
        {
            if (buffers && value is not null && _seen.Add(value))
            {
                Tensors.Add(new(_prefix + name, value));
            }
        }

        public override void Module(string name, Module? value)
        {
            if (value is not null)
            {
                Walk(value, _prefix + name);
            }
        }
    }
}
