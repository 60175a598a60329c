using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Returns anywhere: in a nested block, an else branch followed by more code, a switch section. The body is first
/// parsed with the if-return chains of BodyParser.Branches.cs (a return's branch and the rest of the block become an
/// if's two branches, whose values merge into the result). When that meets a return it cannot place, the body is
/// parsed again with the mechanism of returns inside loops (BodyParser.Returns.cs) used everywhere: a return assigns
/// the returned value and sets the returned flag, every statement list runs what follows a statement that may
/// have returned only when it did not (<c>if (!returned) { rest }</c>), and the result is the returned value where
/// the body ends, merged by the ifs' phis like any local.
/// </summary>
internal sealed partial class BodyParser
{
    // True during the second parse, where every return sets the returned flag.
    private bool _flagReturns;

    // Set by the first parse when a return is in a position the if-return chains cannot take.
    private bool _misplacedReturn;

    public void ParseBody(IOperation body)
    {
        var ops = _ops.ToList();
        var current = new Dictionary<object, int>(_current, VariableComparer.Instance);
        var names = new HashSet<string>(_names, StringComparer.Ordinal);
        var versions = new Dictionary<string, int>(_versions, StringComparer.Ordinal);
        var items = _body.ToList();
        var diagnostics = _diagnostics.Count;
        ParseMethodBody(body);
        if (!_misplacedReturn)
        {
            return;
        }

        // Parse again from the state after the parameters, returns with flags.
        _ops.Clear();
        _ops.AddRange(ops);
        Restore(current);
        _names.Clear();
        _names.UnionWith(names);
        _versions.Clear();
        foreach (var pair in versions)
        {
            _versions.Add(pair.Key, pair.Value);
        }

        // Arrays, objects and ref locals are declared again by the second parse (they are all locals).
        _refs.Clear();
        _aggregates.Clear();
        _body.Clear();
        _body.AddRange(items);
        _block = _body;
        _diagnostics.RemoveRange(diagnostics, _diagnostics.Count - diagnostics);
        Result = -1;
        _flagReturns = true;
        _returned = new BreakFlag("returned", null!);
        _returnValue = new BreakFlag("returnValue", null!, Symbols.KindOf(_method.ReturnType), Symbols.Global(_method.ReturnType));
        _current[_returned] = Flag(false, string.Empty);
        _current[_returnValue] = Derived(Symbols.Global(_method.ReturnType), "default!", default);
        ParseMethodBody(body);

        // Every path returns (C# checks it), so where the body ends the returned value is the result.
        Result = _current[_returnValue];
    }

    /// <summary>A return the first parse cannot place: reported, and the body is parsed again with the returned flag.</summary>
    private void MisplacedReturn(IOperation operation, string what)
    {
        _misplacedReturn = true;
        Unsupported(operation, what);
    }

    /// <summary>A return outside loops, in the second parse: the returned value and flag (the rest is skipped by <see cref="SkipAfterReturn"/>).</summary>
    private void FlagReturn(IOperation value)
    {
        Assign(_returnValue!, Visit(value));
        Assign(_returned!, Flag(true, "return"));
    }

    /// <summary>
    /// In the second parse, outside loops, after a statement that may have returned: the rest of its statement list
    /// runs only when it did not. Statements after a return itself never run: empty ones are dropped, others reported.
    /// Returns whether it took the rest.
    /// </summary>
    private bool SkipAfterReturn(IOperation statement, ImmutableArray<IOperation> statements, int rest)
    {
        if (!_flagReturns || _loops.Count > 0 || !ReturnsIn(statement).Any())
        {
            return false;
        }

        if (statement is IReturnOperation)
        {
            if (statements.Skip(rest).FirstOrDefault(s => s is not IEmptyOperation) is { } unreachable)
            {
                Unsupported(unreachable, $"{Quote(unreachable)} comes after a return and never runs; remove it");
            }

            return true;
        }

        if (statements.Skip(rest).All(s => s is IEmptyOperation))
        {
            return true;
        }

        If(
            () => Derived("bool", "!" + _ops[_current[_returned!]].Name, Reads([_current[_returned!]])),
            () => ParseStatements(statements, rest),
            () => { },
            null);
        return true;
    }
}
