using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Turns a method body (its IOperation tree) into the forward program: one SSA value per operation, locals renamed
/// per assignment. Values that do not depend on a differentiable input become constants whose C# is kept (with
/// locals renamed); everything else must be an operation with a derivative rule, found later by its key.
/// </summary>
internal sealed class BodyParser
{
    private readonly List<Op> _ops = new();
    // Variables by symbol (locals and parameters), plus the synthetic break flags of loops (BreakFlag objects).
    private readonly Dictionary<object, int> _current = new(VariableComparer.Instance);
    private readonly Stack<BreakFlag> _loops = new();

    // True while parsing the statements directly in a loop body, where break and continue can be rewritten.
    private bool _topOfLoopBody;
    private readonly List<Item> _body = new();
    private List<Item> _block;
    private readonly Dictionary<string, int> _versions = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<DiagnosticModel> _diagnostics = new();
    private readonly IMethodSymbol _method;
    private readonly string _methodName;
    private readonly CancellationToken _cancellationToken;

    public BodyParser(IMethodSymbol method, CancellationToken cancellationToken)
    {
        _method = method;
        _methodName = method.Name;
        _cancellationToken = cancellationToken;
        _block = _body;
    }

    /// <summary>The body in execution order: values and ifs.</summary>
    public IReadOnlyList<Item> Body => _body;

    public IReadOnlyList<Op> Ops => _ops;

    public IReadOnlyList<DiagnosticModel> Diagnostics => _diagnostics;

    public int Result { get; private set; } = -1;

    /// <summary>True when the method calls itself.</summary>
    public bool IsRecursive { get; private set; }

    public void AddParameter(IParameterSymbol parameter, bool differentiable)
    {
        _names.Add(parameter.Name);
        var kind = differentiable ? Symbols.KindOf(parameter.Type) : ValueKind.None;
        _current[parameter] = Add(new Op(
            kind == ValueKind.None ? OpKind.Constant : OpKind.Parameter,
            kind,
            Symbols.Global(parameter.Type),
            parameter.Name,
            EquatableArray<int>.Empty,
            null,
            parameter.Name,
            parameter.Name,
            null));
    }

    public void ParseBody(IOperation body)
    {
        switch (body)
        {
            case IMethodBodyOperation method:
                ParseBody((IOperation?)method.BlockBody ?? method.ExpressionBody!);
                break;
            case IBlockOperation block:
                ParseStatements(block.Operations, 0);
                break;
            default:
                ParseStatement(body);
                break;
        }
    }

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
                Unsupported(statement, "code after a return");
                return;
            }

            if (top && _loops.Count > 0 && statement is IConditionalOperation { Type: null, WhenFalse: null } jump && EndsInBranch(jump.WhenTrue) is { } kind)
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
                            Assign(loop, Add(new Op(OpKind.Constant, ValueKind.None, "bool", "true", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), "break", null)));
                        }
                    },
                    () => ParseStatements(statements, rest),
                    null);
                _topOfLoopBody = top;
                return;
            }

            if (statement is IConditionalOperation { Type: null } inLoop && _loops.Count > 0 && EndsInReturn(inLoop.WhenTrue))
            {
                Unsupported(statement, "a return inside a loop");
                return;
            }

            if (statement is IConditionalOperation { Type: null } conditional && EndsInReturn(conditional.WhenTrue))
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
                    Unsupported(statement, "a return in this position (early returns are supported from an if at the top level of the method body)");
                }

                return;
            }

            _topOfLoopBody = false;
            ParseStatement(statement);
            _topOfLoopBody = top;
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

    private static bool EndsInReturn(IOperation operation) => operation switch
    {
        IReturnOperation => true,
        IBlockOperation { Operations.Length: > 0 } block => EndsInReturn(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    private void ParseStatement(IOperation statement)
    {
        switch (statement)
        {
            case IReturnOperation { ReturnedValue: { } value }:
                Result = Visit(value);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        if (initializer is null)
                        {
                            // Declared now, assigned later (C#'s definite assignment guarantees it before any use).
                            continue;
                        }

                        Assign(declarator.Symbol, Visit(initializer));
                    }
                }

                break;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment }:
                Assign(Referenced(assignment.Target)!, Visit(assignment.Value));
                break;
            case IExpressionStatementOperation { Operation: ICompoundAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } compound }:
                var target = Referenced(compound.Target)!;
                var left = _current[target];
                var right = Visit(compound.Value);
                Assign(target, Binary(compound, compound.OperatorKind, compound.OperatorMethod, left, right, compound.Target.Type!, compound.Value.Type!));
                break;
            case IBlockOperation block:
                ParseStatements(block.Operations, 0);
                break;
            case IEmptyOperation:
                break;
            case ISwitchOperation switchStatement when !DependsOnDifferentiable(switchStatement.Value):
                Switch(switchStatement);
                break;
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } jump:
                Unsupported(jump, "break or continue outside 'if (…) { …; break; }' directly in the loop body");
                break;
            case IConditionalOperation { Type: null } conditional:
                If(conditional.Condition, () => ParseBranch(conditional.WhenTrue), () => ParseBranch(conditional.WhenFalse), null);
                break;
            case IForLoopOperation forLoop when forLoop.Condition is not null:
                foreach (var before in forLoop.Before)
                {
                    ParseStatement(before);
                }

                Loop(forLoop, () => Constant(forLoop.Condition), () =>
                {
                    ParseLoopBody(forLoop.Body);
                    foreach (var statement in forLoop.AtLoopBottom)
                    {
                        ParseStatement(statement);
                    }
                });
                break;
            case IWhileLoopOperation { ConditionIsTop: true, Condition: { } condition } whileLoop:
                Loop(whileLoop, () => Constant(condition), () => ParseLoopBody(whileLoop.Body));
                break;
            case IWhileLoopOperation { ConditionIsTop: false, Condition: { } condition } doLoop:
                // do { body } while (c)  ⇒  first = true; while (first || c) { first = false; body }
                var first = new BreakFlag("first" + _ops.Count.ToString(CultureInfo.InvariantCulture), doLoop);
                _current[first] = Add(new Op(OpKind.Constant, ValueKind.None, "bool", "true", EquatableArray<int>.Empty, null, Unique("_" + first.Name), string.Empty, null));
                Loop(
                    doLoop,
                    () =>
                    {
                        var test = Constant(condition);
                        return Add(new Op(OpKind.Constant, ValueKind.None, "bool", $"({_ops[_current[first]].Name} || {_ops[test].Name})", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), string.Empty, null));
                    },
                    () =>
                    {
                        Assign(first, Add(new Op(OpKind.Constant, ValueKind.None, "bool", "false", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), string.Empty, null)));
                        ParseLoopBody(doLoop.Body);
                    },
                    first);
                break;
            case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation { Symbol: var variable } } forEach when !DependsOnDifferentiable(forEach.Collection):
                ForEach(forEach, variable);
                break;
            case IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } step }:
                var counter = Referenced(step.Target)!;
                if (_ops[_current[counter]].Type != ValueKind.None)
                {
                    Unsupported(step, "++ or -- on a differentiable value (write x += 1)");
                    break;
                }

                var text = _ops[_current[counter]].Name + (step.Kind == OperationKind.Increment ? " + 1" : " - 1");
                Assign(counter, Add(new Op(OpKind.Constant, ValueKind.None, Symbols.Global(step.Target.Type!), "(" + text + ")", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), SourceText(step), null)));
                break;
            default:
                Unsupported(statement, Describe(statement));
                break;
        }
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
            EquatableArray<int>.Empty,
            null,
            Unique("_e" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            string.Empty,
            null));
        var name = _ops[enumerator].Name;
        Loop(
            forEach,
            () => Add(new Op(OpKind.Constant, ValueKind.None, "bool", name + ".MoveNext()", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), "foreach", null)),
            () =>
            {
                Assign(variable, Add(new Op(OpKind.Constant, ValueKind.None, element, name + ".Current", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), string.Empty, null)));
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
        // break and continue are supported as the last statement of an if's then-branch directly in the loop
        // body (ParseStatements turns the rest of the body into the else-branch); anywhere else they are reported.
        var flag = new BreakFlag("break" + _ops.Count.ToString(CultureInfo.InvariantCulture), loop);
        var usesBreak = loop.Descendants().OfType<IBranchOperation>().Any(b => b.BranchKind == BranchKind.Break && IsOwnBranch(b, loop));
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
                _ => null,
            })
            .Where(s => s is not null && _current.ContainsKey(s))
            .Distinct(SymbolEqualityComparer.Default)
            .Cast<object>()
            .ToList();
        if (usesBreak)
        {
            assigned.Add(flag);
        }

        if (carried is not null)
        {
            assigned.Add(carried);
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
            test = Add(new Op(OpKind.Constant, ValueKind.None, "bool", $"(!{_ops[_current[flag]].Name} && {_ops[test].Name})", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), string.Empty, null));
        }

        var bodyItems = new List<Item>();
        _block = bodyItems;
        var result = Result;
        _loops.Push(flag);
        body();
        _loops.Pop();
        if (Result != result)
        {
            Unsupported(loop, "a return inside a loop");
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

    /// <summary>
    /// A switch on a constant value, lowered to an if chain: each section's labels become <c>value is label</c>
    /// tests. Sections end in break (execution continues after the switch) or, when every section returns, the
    /// returned values merge into the method's result.
    /// </summary>
    private void Switch(ISwitchOperation switchOperation)
    {
        var value = Constant(switchOperation.Value);
        var sections = switchOperation.Cases;
        var allReturn = sections.All(c => c.Body.Length > 0 && c.Body[c.Body.Length - 1] is IReturnOperation)
            && sections.Any(c => c.Clauses.Any(k => k is IDefaultCaseClauseOperation));
        foreach (var section in sections)
        {
            var last = section.Body.Length > 0 ? section.Body[section.Body.Length - 1] : null;
            if (section.Clauses.Any(k => k is IPatternCaseClauseOperation { Guard: not null })
                || !(allReturn || last is IBranchOperation { BranchKind: BranchKind.Break }))
            {
                Unsupported(switchOperation, "a switch whose sections do not all end in break (or all return), or with when guards");
                return;
            }
        }

        var ordered = sections.Where(c => !c.Clauses.Any(k => k is IDefaultCaseClauseOperation))
            .Concat(sections.Where(c => c.Clauses.Any(k => k is IDefaultCaseClauseOperation)))
            .ToList();
        var result = SwitchSection(value, ordered, 0, allReturn);
        if (allReturn && result >= 0)
        {
            Result = result;
        }
    }

    /// <summary>Section <paramref name="index"/> and the rest as its else branch; returns the merged returned value (or -1).</summary>
    private int SwitchSection(int value, List<ISwitchCaseOperation> sections, int index, bool returns)
    {
        if (index == sections.Count)
        {
            return -1;
        }

        var section = sections[index];
        var body = returns ? section.Body : section.Body.RemoveAt(section.Body.Length - 1);
        if (section.Clauses.Any(k => k is IDefaultCaseClauseOperation))
        {
            return returns ? Returned(() => ParseStatements(body, 0)) : Parse(body);
        }

        var tests = section.Clauses.Select(k => k switch
        {
            ISingleValueCaseClauseOperation single => $"{_ops[value].Name} is {single.Value.Syntax}",
            IPatternCaseClauseOperation pattern => $"{_ops[value].Name} is {pattern.Pattern.Syntax}",
            _ => "false",
        });
        var condition = "(" + string.Join(" || ", tests) + ")";
        var values = new int[2];
        If(
            () => Add(new Op(OpKind.Constant, ValueKind.None, "bool", condition, EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), "case", null)),
            () => values[0] = returns ? Returned(() => ParseStatements(body, 0)) : Parse(body),
            () => values[1] = SwitchSection(value, sections, index + 1, returns),
            returns ? values : null);
        return returns && values[0] >= 0 && values[1] >= 0 ? _ops.Count - 1 : -1;

        int Parse(ImmutableArray<IOperation> statements)
        {
            ParseStatements(statements, 0);
            return -1;
        }
    }

    /// <summary>A switch expression on a constant value: nested ?: over <c>value is pattern</c> tests.</summary>
    private int SwitchExpression(ISwitchExpressionOperation expression)
    {
        var value = Constant(expression.Value);
        return Arm(0);

        int Arm(int index)
        {
            var arm = expression.Arms[index];
            if (arm.Guard is not null)
            {
                Unsupported(arm, "a when guard in a switch expression");
                return Constant(arm.Value);
            }

            if (index == expression.Arms.Length - 1 || arm.Pattern is IDiscardPatternOperation)
            {
                return Visit(arm.Value);
            }

            var values = new int[2];
            If(
                () => Add(new Op(OpKind.Constant, ValueKind.None, "bool", $"({_ops[value].Name} is {arm.Pattern.Syntax})", EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), "arm", null)),
                () => values[0] = Visit(arm.Value),
                () => values[1] = Arm(index + 1),
                values);
            return _ops.Count - 1;
        }
    }

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
            Unsupported(branch, "a return in this position (early returns are supported from an if at the top level of the method body)");
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

    private static ISymbol? Referenced(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private static string VariableName(object variable) => variable is ISymbol symbol ? symbol.Name : ((BreakFlag)variable).Name;

    private void Assign(object local, int value)
    {
        // A value assigned to a local is named after it (y_, then y_1, y_2 … on reassignment) so the code stays readable.
        var op = _ops[value];
        if (op.Kind != OpKind.Parameter && op.Name.StartsWith("_t", StringComparison.Ordinal) && !_current.ContainsValue(value))
        {
            _names.Remove(op.Name);
            var localName = VariableName(local);
            _versions.TryGetValue(localName, out var version);
            _versions[localName] = version + 1;
            _ops[value] = op with { Name = Unique(localName + "_" + (version == 0 ? string.Empty : version.ToString(CultureInfo.InvariantCulture))) };
        }

        _current[local] = value;
    }

    private int Visit(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        // Values of other types (a comparison, a cast to int, ArgMax) stop the gradient: they are kept as constants.
        if (operation.ConstantValue.HasValue || !DependsOnDifferentiable(operation)
            || (Symbols.KindOf(operation.Type) == ValueKind.None && operation is not IConditionalOperation && operation is not IParameterReferenceOperation and not ILocalReferenceOperation))
        {
            return Constant(operation);
        }

        switch (operation)
        {
            case IParameterReferenceOperation or ILocalReferenceOperation:
                return _current[Referenced(operation)!];
            case IParenthesizedOperation parenthesized:
                return Visit(parenthesized.Operand);
            case IConversionOperation { Conversion.IsIdentity: true } identity:
                return Visit(identity.Operand);
            case IBinaryOperation binary:
                return Binary(binary, binary.OperatorKind, binary.OperatorMethod, Visit(binary.LeftOperand), Visit(binary.RightOperand), binary.LeftOperand.Type!, binary.RightOperand.Type!);
            case IUnaryOperation unary:
                return Unary(unary);
            case IInvocationOperation invocation:
                return Invocation(invocation);
            case ISwitchExpressionOperation switchExpression when !DependsOnDifferentiable(switchExpression.Value):
                return SwitchExpression(switchExpression);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                var values = new int[2];
                If(conditional.Condition, () => values[0] = Visit(conditional.WhenTrue), () => values[1] = Visit(whenFalse), values);
                return _ops.Count - 1;
            case IPropertyReferenceOperation { Property.GetMethod: { } getter, Instance: { } instance, Arguments.Length: 0 } property:
                return Call(property, "{0}." + property.Property.Name, new[] { Visit(instance) }, Symbols.Key(getter));
            case IPropertyReferenceOperation { Property.GetMethod: { } indexer, Instance: { } indexed } element:
                return Indexer(element, indexer, indexed);
            case ICollectionExpressionOperation collection when Symbols.KindOf(collection.Type) == ValueKind.TensorList:
                return Pack(collection, collection.Elements);
            case IArrayCreationOperation { Initializer: { } initializer } array when Symbols.KindOf(array.Type) == ValueKind.TensorList:
                return Pack(array, initializer.ElementValues);
            case IConversionOperation { Operand: { } converted } conversion when Symbols.KindOf(conversion.Type) == ValueKind.TensorList:
                return Visit(converted);
            default:
                Unsupported(operation, Describe(operation));
                return Constant(operation);
        }
    }

    private int Binary(IOperation operation, BinaryOperatorKind kind, IMethodSymbol? method, int left, int right, ITypeSymbol leftType, ITypeSymbol rightType)
    {
        var (name, symbol) = kind switch
        {
            BinaryOperatorKind.Add => ("op_Addition", "+"),
            BinaryOperatorKind.Subtract => ("op_Subtraction", "-"),
            BinaryOperatorKind.Multiply => ("op_Multiply", "*"),
            BinaryOperatorKind.Divide => ("op_Division", "/"),
            _ => (null, null),
        };
        if (name is null)
        {
            Unsupported(operation, "the operator '" + kind + "' on differentiable values");
            return Constant(operation);
        }

        // Built-in operators (double + double) have no method symbol; their rules are declared on the type.
        var key = method is not null
            ? Symbols.Key(method)
            : Symbols.Key(operation.Type!, name, new[] { leftType, rightType });
        return Call(operation, "{0} " + symbol + " {1}", new[] { left, right }, key);
    }

    private int Unary(IUnaryOperation unary)
    {
        var (name, symbol) = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => ("op_UnaryNegation", "-"),
            UnaryOperatorKind.Plus => ("op_UnaryPlus", "+"),
            _ => (null, null),
        };
        if (name is null)
        {
            Unsupported(unary, "the operator '" + unary.OperatorKind + "' on differentiable values");
            return Constant(unary);
        }

        var key = unary.OperatorMethod is not null
            ? Symbols.Key(unary.OperatorMethod)
            : Symbols.Key(unary.Type!, name, new[] { unary.Operand.Type! });
        return Call(unary, symbol + "{0}", new[] { Visit(unary.Operand) }, key);
    }

    private int Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (Symbols.HasAttribute(method.OriginalDefinition, Symbols.DifferentiableAttribute))
        {
            return DifferentiableCall(invocation, method);
        }

        var args = new List<int>();
        var template = new StringBuilder();
        var index = 0;
        if (!method.IsStatic)
        {
            if (invocation.Instance is null)
            {
                Unsupported(invocation, "a call on an implicit receiver");
                return Constant(invocation);
            }

            args.Add(Visit(invocation.Instance));
            template.Append("{0}.").Append(method.Name).Append('(');
            index = 1;
        }
        else
        {
            template.Append(Symbols.Global(method.ContainingType)).Append('.').Append(method.Name).Append('(');
        }

        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (index > (method.IsStatic ? 0 : 1))
            {
                template.Append(", ");
            }

            args.Add(argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array
                ? ParamsArray(array)
                : Visit(argument.Value));
            template.Append('{').Append(index.ToString(CultureInfo.InvariantCulture)).Append('}');
            index++;
        }

        template.Append(')');
        return Call(invocation, template.ToString(), args, Symbols.Key(method));
    }

    /// <summary>A list of tensors, like <c>[a, b]</c> in <c>Tensor.Cat([a, b], 1)</c>: built as an array, adjoint split per element.</summary>
    private int Pack(IOperation operation, ImmutableArray<IOperation> elements)
    {
        var args = new List<int>();
        var template = new StringBuilder("new global::AutoDiffGen.Tensor[] { ");
        foreach (var element in elements)
        {
            if (element is ISpreadOperation)
            {
                Unsupported(element, "a spread (..) in a list of tensors");
                return Constant(operation);
            }

            if (args.Count > 0)
            {
                template.Append(", ");
            }

            template.Append('{').Append(args.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
            args.Add(Visit(element));
        }

        template.Append(" }");
        return Add(new Op(
            OpKind.Pack,
            ValueKind.TensorList,
            "global::AutoDiffGen.Tensor[]",
            template.ToString(),
            new EquatableArray<int>(args),
            null,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(operation),
            DiagnosticFactory.Location(operation.Syntax.GetLocation())));
    }

    /// <summary>An indexer read, like <c>h[..^1]</c> or <c>x[0, 1]</c>: its rule scatters the adjoint back into a zero tensor.</summary>
    private int Indexer(IPropertyReferenceOperation element, IMethodSymbol getter, IOperation indexed)
    {
        var args = new List<int> { Visit(indexed) };
        var template = new StringBuilder("{0}[");
        foreach (var argument in element.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (args.Count > 1)
            {
                template.Append(", ");
            }

            template.Append('{').Append(args.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
            args.Add(argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array
                ? ParamsArray(array)
                : Visit(argument.Value));
        }

        template.Append(']');
        return Call(element, template.ToString(), args, Symbols.Key(getter));
    }

    /// <summary>A call to another [Differentiable] method: forward through its WithPullback, backward through the pullback.</summary>
    private int DifferentiableCall(IInvocationOperation invocation, IMethodSymbol method)
    {
        if (!method.IsStatic || method.IsGenericMethod)
        {
            Unsupported(invocation, "a call to an instance or generic [Differentiable] method");
            return Constant(invocation);
        }

        // A method that calls itself gets a class pullback (a struct cannot contain itself).
        if (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, _method.OriginalDefinition))
        {
            IsRecursive = true;
        }

        var args = new List<int>();
        var differentiable = new List<bool>();
        var template = new StringBuilder(Symbols.Global(method.ContainingType)).Append('.').Append(method.Name).Append("WithPullback(");
        var index = 0;
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (index > 0)
            {
                template.Append(", ");
            }

            args.Add(Visit(argument.Value));
            differentiable.Add(argument.Parameter is not null && Symbols.IsDifferentiable(method, argument.Parameter));
            template.Append('{').Append(index.ToString(CultureInfo.InvariantCulture)).Append('}');
            index++;
        }

        template.Append(')');
        var callee = new CalleeModel(
            Symbols.Global(method.ContainingType) + "." + method.Name,
            Symbols.Global(method.ContainingType) + "." + method.Name + "Pullback",
            new EquatableArray<bool>(differentiable));
        return Add(new Op(
            OpKind.Call,
            Symbols.KindOf(invocation.Type),
            Symbols.Global(invocation.Type!),
            template.ToString(),
            new EquatableArray<int>(args),
            null,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(invocation),
            DiagnosticFactory.Location(invocation.Syntax.GetLocation()),
            callee));
    }

    /// <summary>The array a params argument builds, as one constant (params of differentiable values are not supported).</summary>
    private int ParamsArray(IArrayCreationOperation array)
    {
        var elements = array.Initializer?.ElementValues ?? ImmutableArray<IOperation>.Empty;
        foreach (var element in elements)
        {
            if (DependsOnDifferentiable(element))
            {
                Unsupported(element, "a differentiable value in a params argument");
            }
        }

        var type = Symbols.Global(array.Type!);
        var text = "new " + type + " { " + string.Join(", ", elements.Select(e => e.ConstantValue.HasValue ? Literal(e) : Rewrite(e))) + " }";
        return Add(new Op(OpKind.Constant, ValueKind.None, type, text, EquatableArray<int>.Empty, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), string.Empty, null));
    }

    private int Call(IOperation operation, string template, IReadOnlyList<int> args, string key) =>
        Add(new Op(
            OpKind.Call,
            Symbols.KindOf(operation.Type),
            Symbols.Global(operation.Type!),
            template,
            new EquatableArray<int>(args),
            key,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(operation),
            DiagnosticFactory.Location(operation.Syntax.GetLocation())));

    /// <summary>A value that does not depend on differentiable inputs: its own C#, with locals and parameters renamed.</summary>
    private int Constant(IOperation operation)
    {
        if (operation is IParameterReferenceOperation or ILocalReferenceOperation && _current.TryGetValue(Referenced(operation)!, out var existing))
        {
            return existing;
        }

        var text = operation.ConstantValue.HasValue ? Literal(operation) : Rewrite(operation);
        return Add(new Op(
            OpKind.Constant,
            ValueKind.None,
            operation.Type is null ? "var" : Symbols.Global(operation.Type),
            text,
            EquatableArray<int>.Empty,
            null,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(operation),
            null));
    }

    private static string Literal(IOperation operation)
    {
        var value = operation.ConstantValue.Value;
        return value switch
        {
            double d => FormatDouble(d),
            float f => FormatFloat(f),
            null => "default",
            _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
        };
    }

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
        : d.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatFloat(float f) =>
        float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
        : f.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>The operation's source with every local or parameter replaced by the variable holding its current value.</summary>
    private string Rewrite(IOperation operation)
    {
        var syntax = operation.Syntax;
        var model = operation.SemanticModel;
        var text = syntax.ToString();
        if (model is null)
        {
            return text;
        }

        var replacements = new List<(int Start, int Length, string Name)>();
        foreach (var id in syntax.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(id, _cancellationToken).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol && _current.TryGetValue(symbol, out var value) && _ops[value].Name != id.Identifier.ValueText)
            {
                replacements.Add((id.SpanStart - syntax.SpanStart, id.Span.Length, _ops[value].Name));
            }
        }

        for (var i = replacements.Count - 1; i >= 0; i--)
        {
            var (start, length, name) = replacements[i];
            text = text.Substring(0, start) + name + text.Substring(start + length);
        }

        return "(" + text + ")";
    }

    private bool DependsOnDifferentiable(IOperation operation)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            var symbol = Referenced(node);
            if (symbol is not null && _current.TryGetValue(symbol, out var value) && _ops[value].Type != ValueKind.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A variable name no parameter or earlier value uses.</summary>
    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 2; !_names.Add(candidate); i++)
        {
            candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private int Add(Op op)
    {
        _ops.Add(op);
        _block.Add(Item.Value(_ops.Count - 1));
        return _ops.Count - 1;
    }

    private static string SourceText(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        var line = text.IndexOfAny(new[] { '\r', '\n' });
        return line >= 0 ? text.Substring(0, line) + " …" : text;
    }

    private static string Describe(IOperation operation) => operation.Syntax switch
    {
        IfStatementSyntax => "an if statement",
        ForEachStatementSyntax => "a foreach over differentiable values (use for with an index)",
        ForStatementSyntax or WhileStatementSyntax => "this form of loop",
        ConditionalExpressionSyntax => "the ?: operator",
        SwitchStatementSyntax or SwitchExpressionSyntax => "a switch on a differentiable value",
        TryStatementSyntax => "try/catch",
        _ => "'" + operation.Syntax.Kind().ToString() + "'",
    };

    private void Unsupported(IOperation operation, string what) =>
        _diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, operation.Syntax.GetLocation(), _methodName, what));
}

/// <summary>The synthetic variable that records that a loop's break ran (carried by the loop, tested with its condition).</summary>
internal sealed class BreakFlag
{
    public BreakFlag(string name, IOperation loop)
    {
        Name = name;
        Loop = loop;
    }

    public string Name { get; }

    public IOperation Loop { get; }
}

/// <summary>Compares variables: symbols by symbol identity, break flags by reference.</summary>
internal sealed class VariableComparer : IEqualityComparer<object>
{
    public static readonly VariableComparer Instance = new();

    public new bool Equals(object? x, object? y) =>
        x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : ReferenceEquals(x, y);

    public int GetHashCode(object obj) =>
        obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
