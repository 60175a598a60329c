using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// break and continue anywhere in a loop's body (nested in ifs, not only as <c>if (…) { …; break; }</c> at its top
/// level): each loop that has such a jump gets a "jumped" flag, false at the start of every iteration. A jump sets it
/// (and, for break, the loop's break flag, which the loop's test reads); every statement list of the body that
/// contains a jump runs the statements after it only while the flag is false.
/// </summary>
internal sealed partial class BodyParser
{
    // Per enclosing loop, innermost on top: its jumped flag, or null when all its jumps are at the top of its body.
    private readonly Stack<BreakFlag?> _jumpFlags = new();

    private static bool IsOwnJump(IBranchOperation branch, ILoopOperation loop) =>
        SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel) || SymbolEqualityComparer.Default.Equals(branch.Target, loop.ContinueLabel);

    private static IEnumerable<IBranchOperation> OwnJumps(IOperation operation, ILoopOperation loop) =>
        operation.DescendantsAndSelf().OfType<IBranchOperation>().Where(b => IsOwnJump(b, loop));

    /// <summary>Whether the statement holds a break or continue of the innermost loop being parsed.</summary>
    private bool ContainsOwnJump(IOperation statement) =>
        _loops.Count > 0 && _loops.Peek().Loop is ILoopOperation loop && (OwnJumps(statement, loop).Any() || ReturnsIn(statement).Any());

    /// <summary>
    /// Whether ParseStatements' rewrite of <c>if (c) { …; break; } rest</c> (rest as the else branch) takes the jump:
    /// it ends the then-branch of an if without else, directly in the loop body, and is that branch's only jump.
    /// </summary>
    private static bool IsTopLevelJump(IBranchOperation jump, ILoopOperation loop)
    {
        IOperation current = jump;
        while (current.Parent is IBlockOperation block && ReferenceEquals(block.Operations[block.Operations.Length - 1], current))
        {
            current = block;
        }

        return current.Parent is IConditionalOperation { WhenFalse: null } conditional
            && ReferenceEquals(conditional.WhenTrue, current)
            && (loop.Body is IBlockOperation body ? body.Operations.Contains(conditional) : ReferenceEquals(loop.Body, conditional))
            && OwnJumps(conditional.WhenTrue, loop).Count() == 1;
    }

    /// <summary>The loop's jumped flag, set to false before the loop when some jump is not at the top of its body.</summary>
    private BreakFlag? JumpedFlag(IOperation loop)
    {
        if (loop is not ILoopOperation own || (OwnJumps(own.Body, own).All(j => IsTopLevelJump(j, own)) && !ReturnsIn(own).Any()))
        {
            return null;
        }

        var jumped = new BreakFlag("jumped" + _ops.Count.ToString(CultureInfo.InvariantCulture), loop);
        _current[jumped] = Flag(false, string.Empty);
        return jumped;
    }

    /// <summary>break or continue where ParseStatements did not rewrite it: sets the flags; the rest is skipped by <see cref="SkipAfterJump"/>.</summary>
    private void Jump(IBranchOperation jump)
    {
        if (_loops.Count == 0 || _jumpFlags.Peek() is not { } jumped || _loops.Peek().Loop is not ILoopOperation loop || !IsOwnJump(jump, loop))
        {
            Unsupported(jump, $"{Quote(jump)} in this position (inside a switch section before its end) is not supported; end the section with break and test a flag after the switch");
            return;
        }

        if (jump.BranchKind == BranchKind.Break)
        {
            Assign(_loops.Peek(), Flag(true, "break"));
        }

        Assign(jumped, Flag(true, jump.BranchKind == BranchKind.Break ? "break" : "continue"));
    }

    /// <summary>
    /// After a statement that may have jumped, the rest of its statement list runs only when it did not:
    /// <c>if (!jumped) { rest }</c>. Returns whether it took the rest.
    /// </summary>
    private bool SkipAfterJump(IOperation statement, System.Collections.Immutable.ImmutableArray<IOperation> statements, int rest)
    {
        if (rest >= statements.Length || _jumpFlags.Count == 0 || _jumpFlags.Peek() is not { } jumped || !ContainsOwnJump(statement))
        {
            return false;
        }

        if (statement is IBranchOperation)
        {
            // The statements after a jump never run (the compiler warns about them).
            return true;
        }

        If(
            () => Derived("bool", "!" + _ops[_current[jumped]].Name, Reads([_current[jumped]])),
            () => ParseStatements(statements, rest),
            () => { },
            null);
        return true;
    }

    private int Flag(bool value, string source) => Derived("bool", value ? "true" : "false", default, source);
}
