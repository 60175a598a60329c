namespace AutoDiffGen;

/// <summary>The parameter list a training step reads every step, kept between calls so reading it allocates nothing.</summary>
public abstract partial class Module
{
    // One reusable checker per thread: ParameterList runs on the thread of the step that asks.
    [ThreadStatic]
    private static ParameterChecker? _checker;

    private Tensor[]? _parameterList;

    /// <summary>
    /// <see cref="Parameters"/> as an array that is rebuilt only when the members changed (a parameter replaced):
    /// each call walks the members and compares them with the array, which allocates nothing.
    /// </summary>
    internal Tensor[] ParameterList()
    {
        if (_parameterList is { } cached)
        {
            var checker = _checker ??= new ParameterChecker();
            if (checker.Matches(this, cached))
            {
                return cached;
            }
        }

        return _parameterList = [.. Parameters()];
    }

    /// <summary>Walks the members as <see cref="NamedParameters"/> does (each tensor once, in order) and compares them with a list.</summary>
    private sealed class ParameterChecker : ModuleVisitor
    {
        private Tensor[] _expected = [];
        private int _count;
        private int _depth;
        private bool _differs;

        public bool Matches(Module module, Tensor[] expected)
        {
            _expected = expected;
            _count = 0;
            _depth = 0;
            _differs = false;
            Walk(module);
            var matches = !_differs && _count == expected.Length;
            _expected = [];
            return matches;
        }

        public override void Parameter(string name, Tensor? value)
        {
            if (value is null || _differs || Seen(value))
            {
                return;
            }

            if (_count < _expected.Length && ReferenceEquals(_expected[_count], value))
            {
                _count++;
            }
            else
            {
                _differs = true;
            }
        }

        public override void Buffer(string name, Tensor? value)
        {
        }

        public override void Module(string name, Module? value)
        {
            if (value is not null && !_differs)
            {
                Walk(value);
            }
        }

        private bool Seen(Tensor value)
        {
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_expected[i], value))
                {
                    return true;
                }
            }

            return false;
        }

        private void Walk(Module module)
        {
            // A module tree nests a few levels; a cycle is not a tree, and the full rebuild reports it as before.
            if (++_depth > 64)
            {
                _differs = true;
            }
            else
            {
                module.VisitMembers(this);
            }

            _depth--;
        }
    }
}
