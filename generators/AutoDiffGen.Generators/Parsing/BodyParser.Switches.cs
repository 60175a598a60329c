using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Switch statements and expressions, lowered to if chains over <c>value is label</c> tests. The value may be
/// differentiable: its tests are comparisons (they carry no gradient, like <c>if (x &gt; 0.5)</c>), the sections' code
/// carries the gradient, and a declaration pattern of the value's own type (<c>case double d</c>) binds its variable
/// to the value itself. <c>goto case</c> and <c>goto default</c> at the end of a section continue with the target
/// section's statements, copied in its place (C# does not test the value again), so the reverse pass sees plain
/// branches; a goto that leads back to a section it came from (a loop through the switch) is reported.
/// </summary>
internal sealed partial class BodyParser
{
    private static bool IsDefault(ISwitchCaseOperation section) => section.Clauses.Any(k => k is IDefaultCaseClauseOperation);

    private void Switch(ISwitchOperation switchOperation)
    {
        var value = Visit(switchOperation.Value);
        var sections = switchOperation.Cases;

        // Every section returns (and a default does): the returned values merge into the method's result. Otherwise
        // a return in a section outside loops needs the returned flag (BodyParser.FlagReturns.cs).
        var allReturn = !_flagReturns && sections.Any(IsDefault) && sections.All(c => c.Body.Length > 0 && c.Body[c.Body.Length - 1] is IReturnOperation);
        if (!allReturn && !_flagReturns && _loops.Count == 0 && ReturnsIn(switchOperation).Any())
        {
            MisplacedReturn(switchOperation, $"the switch on {Quote(switchOperation.Value.Syntax)} returns from some sections only; assign the value to a local and return it after the switch");
            return;
        }

        var bodies = new Dictionary<ISwitchCaseOperation, ImmutableArray<IOperation>>();
        foreach (var section in sections)
        {
            var statements = allReturn ? section.Body : SectionStatements(switchOperation, section, new List<ISwitchCaseOperation>());
            if (statements.IsDefault)
            {
                return;
            }

            bodies[section] = statements;
        }

        var ordered = sections.Where(c => !IsDefault(c)).Concat(sections.Where(IsDefault)).ToList();
        var result = SwitchSection(value, ordered, bodies, 0, allReturn);
        if (allReturn && result >= 0)
        {
            Result = result;
        }
    }

    /// <summary>
    /// The statements a section runs: its own without the final break, or, when it ends in <c>goto case</c> or
    /// <c>goto default</c>, its own followed by those of the target section. Default (and a report) when it cannot.
    /// </summary>
    private ImmutableArray<IOperation> SectionStatements(ISwitchOperation switchOperation, ISwitchCaseOperation section, List<ISwitchCaseOperation> from)
    {
        // A section written as a block (case 1: { …; break; }) ends where its last block ends.
        var body = section.Body;
        while (body.Length > 0 && body[body.Length - 1] is IBlockOperation block)
        {
            body = body.RemoveAt(body.Length - 1).AddRange(block.Operations);
        }

        switch (body.Length > 0 ? body[body.Length - 1] : null)
        {
            case IBranchOperation { BranchKind: BranchKind.Break } exit when SymbolEqualityComparer.Default.Equals(exit.Target, switchOperation.ExitLabel):
                return body.RemoveAt(body.Length - 1);
            case IBranchOperation { BranchKind: BranchKind.GoTo } jump:
                var target = switchOperation.Cases.FirstOrDefault(c => c.Clauses.Any(k => SymbolEqualityComparer.Default.Equals(k.Label, jump.Target)));
                if (target is null)
                {
                    Unsupported(jump, $"{Quote(jump)} jumps out of its switch, which is not supported; end the section with break and test a flag after the switch");
                    return default;
                }

                if (ReferenceEquals(target, section) || from.Contains(target))
                {
                    Unsupported(jump, $"{Quote(jump)} leads back to a section it came from (a loop through the switch), which is not supported; write the repetition as a for or while loop around the switch");
                    return default;
                }

                from.Add(section);
                var rest = SectionStatements(switchOperation, target, from);
                from.RemoveAt(from.Count - 1);
                return rest.IsDefault ? default : body.RemoveAt(body.Length - 1).AddRange(rest);
            default:
                // A return, a continue of the enclosing loop, or a statement that the parser reports.
                return body;
        }
    }

    /// <summary>A goto case or goto default that is not the last statement of its section (SectionStatements takes those).</summary>
    private void GotoCase(IBranchOperation jump) =>
        Unsupported(jump, $"{Quote(jump)} is supported only as the last statement of its switch section; end the section with it (put the code that decides in the target section, or in an if/else around the goto)");

    /// <summary>Section <paramref name="index"/> and the rest as its else branch; returns the merged returned value (or -1).</summary>
    private int SwitchSection(int value, List<ISwitchCaseOperation> sections, Dictionary<ISwitchCaseOperation, ImmutableArray<IOperation>> bodies, int index, bool returns)
    {
        if (index == sections.Count)
        {
            return -1;
        }

        var section = sections[index];
        var body = bodies[section];
        if (IsDefault(section))
        {
            return returns ? Returned(() => ParseStatements(body, 0)) : Parse(body);
        }

        var tests = section.Clauses.Select(k => k switch
        {
            ISingleValueCaseClauseOperation single => $"{_ops[value].Name} is {Qualify(single.Value.Syntax, single.Value)}",
            IPatternCaseClauseOperation pattern => PatternTest(_ops[value].Name, pattern.Pattern, pattern.Guard, pattern.Syntax),
            _ => "false",
        });
        var condition = "(" + string.Join(" || ", tests) + ")";
        var values = new int[2];
        If(
            () => Derived("bool", condition, Reads([value, .. section.Clauses.OfType<IPatternCaseClauseOperation>().SelectMany(c => c.Guard is null ? [] : ReadsOf(c.Guard))]), "case"),
            () =>
            {
                // A variable declared by a label can be used in the body only when that label is the section's one.
                if (section.Clauses is [IPatternCaseClauseOperation only])
                {
                    BindPatternVariables(only.Pattern, value);
                }

                values[0] = returns ? Returned(() => ParseStatements(body, 0)) : Parse(body);
            },
            () => values[1] = SwitchSection(value, sections, bodies, index + 1, returns),
            returns ? values : null);
        return returns && values[0] >= 0 && values[1] >= 0 ? _ops.Count - 1 : -1;

        int Parse(ImmutableArray<IOperation> statements)
        {
            ParseStatements(statements, 0);
            return -1;
        }
    }

    /// <summary>
    /// The variables a matched pattern declares for the value itself (<c>double d</c>, <c>var d</c>, <c>int k and &gt; 0</c>)
    /// are that value, gradient included. Others (a variable of another type, a part of the value) stay unbound, and a
    /// use of one is reported where it is rendered.
    /// </summary>
    private void BindPatternVariables(IPatternOperation pattern, int value)
    {
        switch (pattern)
        {
            case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } declaration
                when SymbolEqualityComparer.Default.Equals(local.Type, declaration.InputType):
                // Not Assign: the value keeps its name, which the case test already wrote.
                _current[local] = value;
                break;
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both:
                BindPatternVariables(both.LeftPattern, value);
                BindPatternVariables(both.RightPattern, value);
                break;
        }
    }

    /// <summary>A switch expression: nested ?: over <c>value is pattern</c> tests.</summary>
    private int SwitchExpression(ISwitchExpressionOperation expression)
    {
        var value = Visit(expression.Value);
        return Arm(0);

        int Arm(int index)
        {
            var arm = expression.Arms[index];
            if (arm.Guard is not null && index == expression.Arms.Length - 1)
            {
                // When it fails, the switch throws: there is no value to differentiate.
                Unsupported(arm, $"the last arm {Quote(arm.Syntax)} of the switch has a when guard; end the switch with an arm that always matches ('_ => …')");
                return Constant(arm.Value);
            }

            if (arm.Guard is null && (index == expression.Arms.Length - 1 || arm.Pattern is IDiscardPatternOperation))
            {
                return ArmValue(arm);
            }

            var test = arm.Pattern is IDiscardPatternOperation && arm.Guard is not null ? Rewrite(arm.Guard)
                : "(" + PatternTest(_ops[value].Name, arm.Pattern, arm.Guard, arm.Syntax) + ")";
            var values = new int[2];
            If(
                () => Derived("bool", test, Reads(arm.Guard is null ? [value] : [value, .. ReadsOf(arm.Guard)]), "arm"),
                () => values[0] = ArmValue(arm),
                () => values[1] = Arm(index + 1),
                values);
            return _ops.Count - 1;
        }

        int ArmValue(ISwitchExpressionArmOperation arm)
        {
            var bound = new Dictionary<object, int>(_current, VariableComparer.Instance);
            BindPatternVariables(arm.Pattern, value);
            var result = Visit(arm.Value);

            // The arm's variables are scoped to it (a later arm may declare the same name).
            foreach (var local in arm.Locals)
            {
                if (!bound.ContainsKey(local))
                {
                    _current.Remove(local);
                }
            }

            return result;
        }
    }
}
