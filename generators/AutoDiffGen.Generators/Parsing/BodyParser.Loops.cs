using System.Collections.Immutable;
using System.Globalization;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Loops: for, while, do-while and foreach, with loop-carried phis and break/continue.</summary>
internal sealed partial class BodyParser
{
    private static BranchKind? EndsInBranch(IOperation operation) => operation switch
    {
        IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } branch => branch.BranchKind,
        IBlockOperation { Operations.Length: > 0 } block => EndsInBranch(block.Operations[block.Operations.Length - 1]),
        _ => null,
    };

    /// <summary>Whether a break or continue belongs to this loop (not to a loop nested in it).</summary>
    private static bool IsOwnBranch(IBranchOperation branch, IOperation loop)
    {
        for (var parent = branch.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILoopOperation)
            {
                return ReferenceEquals(parent, loop);
            }
        }

        return false;
    }

    /// <summary>
    /// A loop with a condition checked before each iteration. Locals assigned inside it get a header phi (their
    /// value at the start of an iteration), created before the body is parsed and closed after it.
    /// </summary>
    /// <summary>
    /// foreach over constant data (indices, arrays of ints): lowered to a loop over the collection's enumerator, whose
    /// MoveNext is the loop's test and whose Current is the loop variable.
    /// </summary>
    private void ForEach(IForEachLoopOperation forEach, ILocalSymbol variable)
    {
        var element = Symbols.Global(variable.Type);
        var collection = Constant(forEach.Collection is IConversionOperation { IsImplicit: true } c ? c.Operand : forEach.Collection);
        var enumerator = Add(new Op(
            OpKind.Constant,
            ValueKind.None,
            $"global::System.Collections.Generic.IEnumerator<{element}>",
            $"((global::System.Collections.Generic.IEnumerable<{element}>){_ops[collection].Name}).GetEnumerator()",
            Reads([collection]),
            null,
            Unique("_e" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            string.Empty,
            null));
        var name = _ops[enumerator].Name;
        Loop(
            forEach,
            () => Derived("bool", name + ".MoveNext()", Reads([enumerator]), "foreach"),
            () =>
            {
                Assign(variable, Derived(element, name + ".Current", Reads([enumerator])));
                ParseLoopBody(forEach.Body);
            });
    }

    private void ParseLoopBody(IOperation body)
    {
        var outer = _topOfLoopBody;
        _topOfLoopBody = true;
        ParseStatements(body is IBlockOperation block ? block.Operations : ImmutableArray.Create(body), 0);
        _topOfLoopBody = outer;
    }

    private void Loop(IOperation loop, Func<int> condition, Action body, object? carried = null)
    {
        // break and continue as the last statement of an if's then-branch directly in the loop body turn the rest of
        // the body into the else-branch (ParseStatements); anywhere else, and for a return, the loop also gets a
        // jumped flag that skips the rest of each statement list (BodyParser.Jumps.cs, BodyParser.Returns.cs).
        var flag = new BreakFlag("break" + _ops.Count.ToString(CultureInfo.InvariantCulture), loop);
        var returns = ReturnsIn(loop).Any();
        var usesBreak = returns || loop.Descendants().OfType<IBranchOperation>().Any(b => b.BranchKind == BranchKind.Break && IsOwnBranch(b, loop));
        if (returns)
        {
            StartReturns();
        }

        if (usesBreak)
        {
            _current[flag] = Add(new Op(OpKind.Constant, ValueKind.None, "bool", "false", EquatableArray<int>.Empty, null, Unique("_" + flag.Name), string.Empty, null));
        }

        var assigned = loop.Descendants()
            .Select(o => o switch
            {
                ISimpleAssignmentOperation a => Referenced(a.Target),
                ICompoundAssignmentOperation c => Referenced(c.Target),
                IIncrementOrDecrementOperation i => Referenced(i.Target),
                IArgumentOperation r => WrittenBy(r),
                _ => null,
            })
            .Where(s => s is not null && _current.ContainsKey(s))
            .Cast<object>()
            .Distinct(VariableComparer.Instance)
            .ToList();
        AddCarried(loop, assigned);
        if (usesBreak)
        {
            assigned.Add(flag);
        }

        if (carried is not null)
        {
            assigned.Add(carried);
        }

        var jumped = JumpedFlag(loop);
        if (jumped is not null)
        {
            assigned.Add(jumped);
        }

        if (returns)
        {
            // A return sets the returned value and flag, and the break and jumped flags of every enclosing loop.
            assigned.Add(_returned!);
            assigned.Add(_returnValue!);
            assigned.AddRange(_loops.Where(l => !assigned.Contains(l)));
            assigned.AddRange(_jumpFlags.OfType<BreakFlag>());
        }

        assigned = assigned.OrderBy(s => _current[s]).ToList();
        var phis = new List<(object Local, int Phi)>();
        foreach (var local in assigned)
        {
            // A double, float or Tensor local carried by the loop may become differentiable in a later iteration.
            var initial = _current[local];
            var (kind, typeName) = local switch
            {
                ILocalSymbol l => (Symbols.KindOf(l.Type), Symbols.Global(l.Type)),
                IParameterSymbol p => (Symbols.KindOf(p.Type), Symbols.Global(p.Type)),
                BreakFlag synthetic => (synthetic.Kind, synthetic.TypeName),
                _ => (ValueKind.None, "bool"),
            };
            _ops.Add(new Op(OpKind.Phi, kind, typeName, string.Empty, new EquatableArray<int>(new[] { initial, initial }), null, Unique(VariableName(local) + "_"), string.Empty, null));
            phis.Add((local, _ops.Count - 1));
            _current[local] = _ops.Count - 1;
        }

        var outer = _block;
        var header = new List<Item>();
        _block = header;
        var test = condition();
        if (usesBreak)
        {
            // The loop also stops once a break ran: !flag && condition.
            test = Derived("bool", $"(!{_ops[_current[flag]].Name} && {_ops[test].Name})", Reads([_current[flag], test]));
        }

        var bodyItems = new List<Item>();
        _block = bodyItems;
        var result = Result;
        _loops.Push(flag);
        _jumpFlags.Push(jumped);
        if (jumped is not null)
        {
            // No jump yet in this iteration.
            Assign(jumped, Flag(false, string.Empty));
        }

        body();
        _jumpFlags.Pop();
        _loops.Pop();
        if (Result != result)
        {
            MisplacedReturn(loop, $"a return inside the loop {Quote(loop)} is not supported in this position; assign the value to a local, break, and return it after the loop");
        }

        _block = outer;
        foreach (var (local, phi) in phis)
        {
            var op = _ops[phi];
            var end = _current[local];
            _ops[phi] = op with { Args = new EquatableArray<int>(new[] { op.Args[0], end }) };
            _current[local] = phi;
        }

        _block.Add(new Item(ItemKind.Loop, test, new EquatableArray<Item>(header), new EquatableArray<Item>(bodyItems), new EquatableArray<int>(phis.Select(p => p.Phi))));
    }
}
