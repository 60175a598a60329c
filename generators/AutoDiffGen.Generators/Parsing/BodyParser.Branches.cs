using System.Collections.Immutable;
using System.Globalization;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Branches: if/else, ?:, switch and early returns, merged with phi values.</summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// Statements from <paramref name="start"/> on. An if whose branch ends in a return (an early return) takes the
    /// rest of the block as its other branch, and the method's result merges the two returned values.
    /// </summary>
    private void ParseStatements(ImmutableArray<IOperation> statements, int start)
    {
        var top = _topOfLoopBody;
        for (var i = start; i < statements.Length; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var statement = statements[i];
            if (Result >= 0)
            {
                // An empty statement after a return (return x;;) is nothing; other code is reported (and when the
                // return was nested, the body is parsed again with the returned flag, BodyParser.FlagReturns.cs).
                if (statements.Skip(i).Any(s => s is not IEmptyOperation))
                {
                    MisplacedReturn(statement, $"{Quote(statement)} comes after a return and never runs; remove it");
                }

                return;
            }

            if (top && _loops.Count > 0 && statement is IConditionalOperation { Type: null, WhenFalse: null } jump && EndsInBranch(jump.WhenTrue) is { } kind
                && _loops.Peek().Loop is ILoopOperation own && OwnJumps(jump.WhenTrue, own).Count() == 1)
            {
                // if (c) { …; break/continue; } rest  ⇒  if (c) { …; [flag = true] } else { rest }
                var rest = i + 1;
                var loop = _loops.Peek();
                If(
                    jump.Condition,
                    () =>
                    {
                        var then = jump.WhenTrue is IBlockOperation block ? block.Operations : ImmutableArray.Create(jump.WhenTrue);
                        _topOfLoopBody = false;
                        ParseStatements(then.RemoveAt(then.Length - 1), 0);
                        _topOfLoopBody = true;
                        if (kind == BranchKind.Break)
                        {
                            Assign(loop, Flag(true, "break"));
                        }
                    },
                    () => ParseStatements(statements, rest),
                    null);
                _topOfLoopBody = top;
                return;
            }

            // Inside a loop, a return sets flags (BodyParser.Returns.cs) and the rest is skipped like after a break.
            if (!_flagReturns && _loops.Count == 0 && statement is IConditionalOperation { Type: null } conditional && EndsInReturn(conditional.WhenTrue))
            {
                var rest = i + 1;
                var values = new int[2];
                If(
                    conditional.Condition,
                    () => values[0] = Returned(() => ParseStatement(conditional.WhenTrue)),
                    () => values[1] = Returned(() =>
                    {
                        // The else branch, then whatever follows the if, as one statement list (an else-if with
                        // its own early return is handled the same way, recursively).
                        var continuation = conditional.WhenFalse switch
                        {
                            null => ImmutableArray<IOperation>.Empty,
                            IBlockOperation block => block.Operations,
                            var single => ImmutableArray.Create(single),
                        };
                        ParseStatements(continuation.AddRange(statements.Skip(rest)), 0);
                    }),
                    values);
                if (values[0] >= 0 && values[1] >= 0)
                {
                    Result = _ops.Count - 1;
                }
                else if (values[0] >= 0)
                {
                    // The rest of this block does not end in a return (a switch section, a nested block): the early
                    // return cannot be merged into the method's result here.
                    MisplacedReturn(statement, $"the return in {Quote(statement)} is not supported in this position (the code after it does not end in a return); assign the value to a local and return it at the end");
                }

                return;
            }

            _topOfLoopBody = false;
            ParseStatement(statement);
            _topOfLoopBody = top;
            if (SkipAfterJump(statement, statements, i + 1) || AfterLoopReturn(statement, statements, i + 1) || SkipAfterReturn(statement, statements, i + 1))
            {
                return;
            }
        }
    }

    /// <summary>Parses a branch that must return; gives the returned value (or reports and gives -1).</summary>
    private int Returned(Action parse)
    {
        var outer = Result;
        Result = -1;
        parse();
        var value = Result;
        Result = outer;
        return value;
    }

    private static bool EndsInReturn(IOperation operation) => operation switch
    {
        IReturnOperation => true,
        IBlockOperation { Operations.Length: > 0 } block => EndsInReturn(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    private void ParseBranch(IOperation? branch)
    {
        if (branch is null)
        {
            return;
        }

        var result = Result;
        ParseStatement(branch);
        if (Result != result)
        {
            MisplacedReturn(branch, $"the return in {Quote(branch)} is not supported in this position (inside a nested block or an else branch that is followed by more code); assign the value to a local and return it at the end, or return from an if at the method's top level");
        }
    }

    /// <summary>
    /// Parses both branches of an if (or ?:) into their own blocks and merges every local they assign differently
    /// with a phi value. For ?:, <paramref name="values"/> receives each branch's value and the last phi is the result.
    /// </summary>
    private void If(IOperation conditionOperation, Action whenTrue, Action whenFalse, int[]? values) =>
        If(() => Constant(conditionOperation), whenTrue, whenFalse, values);

    private void If(Func<int> conditionValue, Action whenTrue, Action whenFalse, int[]? values)
    {
        var condition = conditionValue();
        var before = new Dictionary<object, int>(_current, VariableComparer.Instance);
        var outer = _block;

        var thenItems = new List<Item>();
        _block = thenItems;
        whenTrue();
        var afterThen = new Dictionary<object, int>(_current, VariableComparer.Instance);

        Restore(before);
        var elseItems = new List<Item>();
        _block = elseItems;
        whenFalse();
        var afterElse = new Dictionary<object, int>(_current, VariableComparer.Instance);
        _block = outer;

        var phis = new List<int>();
        var merged = new List<(object Local, int Phi)>();
        // A local assigned in both branches (or before the if) is in scope after it: merge it.
        foreach (var local in afterThen.Keys.Where(afterElse.ContainsKey).OrderBy(k => afterThen[k]).ThenBy(k => afterElse[k]))
        {
            var t = afterThen[local];
            var f = afterElse[local];
            if (t != f)
            {
                merged.Add((local, AddPhi(t, f, VariableName(local) + "_")));
                phis.Add(merged[merged.Count - 1].Phi);
            }
        }

        if (values is not null && values[0] >= 0 && values[1] >= 0)
        {
            phis.Add(AddPhi(values[0], values[1], "_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)));
        }

        Restore(before);

        // A local both branches leave with the same value (assigned once before the if, or the same value in each
        // branch) keeps that value; one they leave with different values gets the phi.
        foreach (var local in afterThen.Keys.Where(afterElse.ContainsKey))
        {
            if (afterThen[local] == afterElse[local])
            {
                _current[local] = afterThen[local];
            }
        }

        foreach (var (local, phi) in merged)
        {
            _current[local] = phi;
        }

        _block.Add(new Item(ItemKind.If, condition, new EquatableArray<Item>(thenItems), new EquatableArray<Item>(elseItems), new EquatableArray<int>(phis)));
    }

    private int AddPhi(int whenTrue, int whenFalse, string name)
    {
        var t = _ops[whenTrue];
        var f = _ops[whenFalse];
        var kind = t.Type != ValueKind.None ? t.Type : f.Type;
        _ops.Add(new Op(OpKind.Phi, kind, t.TypeName, string.Empty, new EquatableArray<int>(new[] { whenTrue, whenFalse }), null, Unique(name), string.Empty, null));
        return _ops.Count - 1;
    }

    private void Restore(Dictionary<object, int> state)
    {
        _current.Clear();
        foreach (var pair in state)
        {
            _current.Add(pair.Key, pair.Value);
        }
    }

    /// <summary>
    /// The bool test of a case label or switch arm: <c>v is P</c>, or, when the pattern declares variables or has a
    /// when guard, <c>v switch { P when G =&gt; true, _ =&gt; false }</c>: the guard is tested after its pattern
    /// matched and may read the pattern's variables, which stay scoped to the test (two sections may both declare k;
    /// a variable declared by <c>is</c> would leak into the generated block).
    /// </summary>
    private string PatternTest(string value, IPatternOperation pattern, IOperation? guard, SyntaxNode clause)
    {
        var rendered = Qualify(pattern.Syntax, pattern);
        var declares = pattern.Syntax.DescendantNodesAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.SingleVariableDesignationSyntax>().Any();
        return guard is null && !declares
            ? $"{value} is {rendered}"
            : $"({value} switch {{ {rendered}{(guard is null ? string.Empty : " when " + Rewrite(guard, clause))} => true, _ => false }})";
    }
}
