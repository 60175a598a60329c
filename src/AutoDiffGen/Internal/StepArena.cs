using System.ComponentModel;

namespace AutoDiffGen.Internal;

/// <summary>
/// One thread's recording for a <see cref="StepMemory"/>: the arrays (by element type and length) and tensor
/// objects the previous step allocated, handed out again in the order the current step asks for them. Generated
/// training steps call it; see <see cref="StepMemory"/> for the rules.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepArena
{
    /// <summary>A size that no step asked for in this many steps is dropped, so shapes that stop occurring (a last smaller batch) do not pin memory forever.</summary>
    private const int StaleSteps = 16;

    private readonly Dictionary<(DType, int), Slot> _slotsByKey = [];
    private readonly List<Slot> _slots = [];
    private readonly List<Tensor> _tensors = [];
    private readonly Dictionary<Type, ObjectSlot> _objects = [];
    private readonly HashSet<object> _owned = new(ReferenceEqualityComparer.Instance);
    private readonly List<Tensor> _gradients = [];
    private readonly KeepVisitor _keeper;
    private StepArena? _previous;
    private int _tensorsUsed;
    private int _depth;
    private long _step;

    internal StepArena() => _keeper = new KeepVisitor(this);

    /// <summary>The number of arrays and tensor objects recorded (tests and diagnostics).</summary>
    internal int RecordedCount => _owned.Count;

    /// <summary>Adds a gradient tensor, in the optimizer's parameter order, for <see cref="Step"/>.</summary>
    public void Gradient(Tensor gradient) => _gradients.Add(gradient);

    /// <summary>Adds a model's gradient, expanded to its tensors in the model's parameter order, for <see cref="Step"/>.</summary>
    public void Gradient(ModuleGradient gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        gradient.AppendTensors(_gradients);
    }

    /// <summary>Updates <paramref name="optimizer"/>'s parameters with the gradients added since the last step.</summary>
    public void Step(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        try
        {
            optimizer.StepWith(_gradients);
        }
        finally
        {
            _gradients.Clear();
        }
    }

    /// <summary>
    /// Takes a model's parameters and buffers out of the recording (they outlive the step; a buffer created or
    /// replaced during the step must not be handed out again). Call before <see cref="Exit"/>.
    /// </summary>
    public void Keep(Module module)
    {
        if (module is not null && _owned.Count > 0)
        {
            _keeper.Walk(module);
        }
    }

    /// <summary>
    /// Ends the step: takes the optimizer's parameters and state out of the recording (state is created on the first
    /// step) and makes the previous arena, or none, current again. Everything else this step allocated is handed out
    /// again by the next step. Generated code calls it in a <c>finally</c>, so a step that throws leaves the thread clean.
    /// </summary>
    public void Exit(Optimizer optimizer)
    {
        try
        {
            if (optimizer is not null && _owned.Count > 0)
            {
                optimizer.VisitKept(this);
            }
        }
        finally
        {
            _gradients.Clear();
            if (--_depth == 0)
            {
                var previous = _previous;
                _previous = null;
                StepMemory.Restore(previous);
            }
        }
    }

    /// <summary>Starts a step: every recorded object can be handed out again (a nested entry continues the outer step).</summary>
    internal void Begin(StepArena? previous)
    {
        if (_depth++ > 0)
        {
            return;
        }

        _previous = previous;
        _step++;
        _tensorsUsed = 0;
        foreach (var objects in _objects.Values)
        {
            objects.Used = 0;
        }

        for (var i = _slots.Count - 1; i >= 0; i--)
        {
            var slot = _slots[i];
            if (slot.Used > 0)
            {
                slot.LastStep = _step - 1;
            }

            slot.Used = 0;
            if (_step - slot.LastStep > StaleSteps)
            {
                Drop(slot, i);
            }
        }
    }

    /// <summary>A recorded array of this dtype and length not yet handed out in this step, or a new one, recorded.</summary>
    internal Array RentArray(DType dtype, int length, bool zeroed)
    {
        var key = (dtype, length);
        if (!_slotsByKey.TryGetValue(key, out var slot))
        {
            slot = new Slot(key) { LastStep = _step };
            _slotsByKey.Add(key, slot);
            _slots.Add(slot);
        }

        if (slot.Used < slot.Arrays.Count)
        {
            var reused = slot.Arrays[slot.Used++];
            if (zeroed)
            {
                Array.Clear(reused);
            }

            return reused;
        }

        var fresh = NewArray(dtype, length);
        slot.Arrays.Add(fresh);
        slot.Used++;
        _owned.Add(fresh);
        return fresh;
    }

    /// <summary>A recorded tensor object not yet handed out in this step, or null (the caller creates one and calls <see cref="Record"/>).</summary>
    internal Tensor? RentTensor() => _tensorsUsed < _tensors.Count ? _tensors[_tensorsUsed++] : null;

    internal void Record(Tensor tensor)
    {
        _tensors.Add(tensor);
        _tensorsUsed++;
        _owned.Add(tensor);
    }

    /// <summary>
    /// A recorded object of type <typeparamref name="T"/> (a generated module gradient) not yet handed out in this
    /// step, or null: the caller creates one and calls <see cref="RecordObject"/>. Such objects never outlive a
    /// step: a generated step passes its gradients to the optimizer and drops them.
    /// </summary>
    internal T? RentObject<T>()
        where T : class
    {
        if (_objects.TryGetValue(typeof(T), out var slot) && slot.Used < slot.Items.Count)
        {
            return (T)slot.Items[slot.Used++];
        }

        return null;
    }

    internal void RecordObject(object item)
    {
        if (!_objects.TryGetValue(item.GetType(), out var slot))
        {
            _objects[item.GetType()] = slot = new ObjectSlot();
        }

        slot.Items.Add(item);
        slot.Used++;
    }

    /// <summary>Drops every recording: the next steps allocate afresh.</summary>
    internal void Clear()
    {
        _objects.Clear();
        _slotsByKey.Clear();
        _slots.Clear();
        _tensors.Clear();
        _owned.Clear();
        _tensorsUsed = 0;
    }

    /// <summary>Takes a tensor that outlives the step, its arrays and its object, out of the recording.</summary>
    internal void Keep(Tensor? tensor)
    {
        if (tensor is null || _owned.Count == 0)
        {
            return;
        }

        if (_owned.Remove(tensor))
        {
            var at = _tensors.IndexOf(tensor);
            _tensors.RemoveAt(at);
            if (at < _tensorsUsed)
            {
                _tensorsUsed--;
            }
        }

        Forget(tensor._data, tensor._dtype);
        Forget(tensor._shape, DType.Int32);
        Forget(tensor._strides, DType.Int32);
    }

    private static Array NewArray(DType dtype, int n) => dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(n),
        DType.Float64 => GC.AllocateUninitializedArray<double>(n),
        DType.Int64 => GC.AllocateUninitializedArray<long>(n),
        DType.Int32 => GC.AllocateUninitializedArray<int>(n),
        _ => GC.AllocateUninitializedArray<bool>(n),
    };

    private void Forget(Array array, DType dtype)
    {
        if (!_owned.Remove(array) || !_slotsByKey.TryGetValue((dtype, array.Length), out var slot))
        {
            return;
        }

        var at = slot.Arrays.IndexOf(array);
        if (at >= 0)
        {
            slot.Arrays.RemoveAt(at);
            if (at < slot.Used)
            {
                slot.Used--;
            }
        }
    }

    private void Drop(Slot slot, int index)
    {
        foreach (var array in slot.Arrays)
        {
            _owned.Remove(array);
        }

        _slotsByKey.Remove(slot.Key);
        _slots[index] = _slots[^1];
        _slots.RemoveAt(_slots.Count - 1);
    }

    /// <summary>The objects of one type, in the order the steps asked for them.</summary>
    private sealed class ObjectSlot
    {
        public List<object> Items { get; } = [];

        public int Used { get; set; }
    }

    /// <summary>The arrays of one (dtype, length), in the order the steps asked for them.</summary>
    private sealed class Slot((DType, int) key)
    {
        public (DType, int) Key { get; } = key;

        public List<Array> Arrays { get; } = [];

        public int Used { get; set; }

        public long LastStep { get; set; }
    }

    /// <summary>Walks a module tree without allocating and keeps every parameter and buffer.</summary>
    private sealed class KeepVisitor(StepArena arena) : ModuleVisitor
    {
        private int _depth;

        public void Walk(Module module)
        {
            // Module trees are shallow; the bound only stops a (mis-built) cycle.
            if (_depth > 64)
            {
                return;
            }

            _depth++;
            try
            {
                module.VisitMembersFor(this);
            }
            finally
            {
                _depth--;
            }
        }

        public override void Parameter(string name, Tensor? value) => arena.Keep(value);

        public override void Buffer(string name, Tensor? value) => arena.Keep(value);

        public override void Module(string name, Module? value)
        {
            if (value is not null)
            {
                Walk(value);
            }
        }
    }
}
