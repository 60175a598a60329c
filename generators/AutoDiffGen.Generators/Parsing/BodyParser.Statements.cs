using System.Globalization;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Expression statements that assign no local: calls made for their effect (<c>Debug.Assert(…)</c>,
/// <c>Console.WriteLine(…)</c>), discards (<c>_ = …;</c>) and in-place mutations of constant data
/// (<c>m.FillInPlace(1)</c>). They are kept as statements among the forward pass's values, in order, so their effects
/// happen as in the method; a mutation of data that later values read must stay before them.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// The in-place mutations ADG0007 reports (from <see cref="Analyzers.InPlaceMutationAnalyzer.Find"/>); null when
    /// the flow could not follow the body, so no mutation is known to be safe.
    /// </summary>
    public HashSet<IOperation>? InPlaceMutations { get; set; }

    private void ExpressionStatement(IExpressionStatementOperation statement)
    {
        switch (statement.Operation)
        {
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                Keep(statement);
                break;
            case IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } tensor } } write
                when Symbols.KindOf(tensor.Type) == ValueKind.Tensor:
                Mutation(statement, write, tensor, write.Value, "build the new tensor from its parts instead (Tensor.Cat, Tensor.Stack, Tensor.Where)");
                break;
            case IAssignmentOperation:
                Unsupported(statement, Describe(statement));
                break;
            case IInvocationOperation { Instance: { } receiver, TargetMethod: var method } call
                when Symbols.KindOf(method.ContainingType) == ValueKind.Tensor && (method.Name.EndsWith("InPlace", StringComparison.Ordinal) || method.Name == "CopyFrom"):
                Mutation(statement, call, receiver, call, "write '" + Analyzers.InPlaceMutationAnalyzer.OutOfPlace(call, Quote(receiver.Syntax).Trim('\'')) + "' instead");
                break;
            case IInvocationOperation inlined when Inlining.IsInlined(inlined.TargetMethod):
                Inline(inlined);
                break;
            case IInvocationOperation { TargetMethod.ContainingType.TypeKind: TypeKind.Delegate } call when DependsOnDifferentiable(call):
                Unsupported(statement, DelegateMessage(call));
                break;
            default:
                Keep(statement);
                break;
        }
    }

    /// <summary>
    /// An in-place change of <paramref name="receiver"/>: kept when it changes constant data with constant values and
    /// ADG0007 found no earlier use of the data it changes (that use is ADG0007's to report, and only ADG0007's).
    /// </summary>
    private void Mutation(IExpressionStatementOperation statement, IOperation mutation, IOperation receiver, IOperation values, string instead)
    {
        if (InPlaceMutations?.Contains(mutation) == true)
        {
            return;
        }

        if (DependsOnDifferentiable(receiver))
        {
            Unsupported(statement, $"{Quote(statement)} changes the differentiable tensor {Quote(receiver.Syntax)} in place, which the gradient cannot follow; {instead}");
        }
        else if (values.ChildOperations.Any(DependsOnDifferentiable) || (values != mutation && DependsOnDifferentiable(values)))
        {
            Unsupported(statement, $"{Quote(statement)} writes a differentiable value into the constant tensor {Quote(receiver.Syntax)}, which the gradient cannot follow; build the tensor from the values instead (Tensor.Cat, Tensor.Stack, Tensor.Where)");
        }
        else if (InPlaceMutations is null)
        {
            Unsupported(statement, $"{Quote(statement)} changes {Quote(receiver.Syntax)} in place, and this method's control flow could not be followed to check that nothing needs its earlier value; use a fresh tensor instead");
        }
        else
        {
            Keep(statement);
        }
    }

    /// <summary>The statement as it is, with locals renamed, in its place among the values (<see cref="Op.IsStatement"/>).</summary>
    private void Keep(IExpressionStatementOperation statement)
    {
        if (HasEffects(statement.Operation))
        {
            EffectStatement(statement.Operation);
            return;
        }

        Add(new Op(
            OpKind.Constant,
            ValueKind.None,
            "void",
            Unparenthesized(Rewrite(statement.Operation)),
            ReadsOf(statement.Operation),
            null,
            Unique("_s" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            string.Empty,
            null));
    }

    // An expression statement may not be parenthesized in C# ('(f());' does not compile): one enclosing pair goes.
    private static string Unparenthesized(string text)
    {
        if (text.Length < 2 || text[0] != '(' || text[text.Length - 1] != ')')
        {
            return text;
        }

        var depth = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0)
            {
                // The first parenthesis closes before the end: '(a)(b)' keeps its parentheses.
                return text;
            }
        }

        return text.Substring(1, text.Length - 2);
    }

    /// <summary><c>x++;</c> or <c>x--;</c> on a differentiable local: <c>x += 1</c>.</summary>
    private void Step(IIncrementOrDecrementOperation step, object counter)
    {
        var one = Derived(Symbols.Global(step.Target.Type!), "1", default);
        var kind = step.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract;
        Assign(counter, Binary(step, kind, step.OperatorMethod, _current[counter], one, step.Target.Type!, step.Target.Type!));
    }

    private static string DelegateMessage(IInvocationOperation call) =>
        $"{Quote(call)} calls the delegate {Quote(call.Instance?.Syntax ?? call.Syntax)} ({call.TargetMethod.ContainingType.ToDisplayString()}), and a delegate cannot be differentiated; make the function a [Differentiable] method and call it by name";
}
