using System.Text;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// The words of ADG0004: every message quotes the user's code (one line, shortened) and says in C# terms what to
/// write instead, never the name of a Roslyn node.
/// </summary>
internal sealed partial class BodyParser
{
    private const int QuoteLength = 60;

    /// <summary>The user's code as a message quotes it: <c>'x.Foo(y)'</c>, whitespace collapsed, long code cut with an ellipsis.</summary>
    internal static string Quote(SyntaxNode syntax)
    {
        var text = new StringBuilder();
        foreach (var c in syntax.ToString())
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[text.Length - 1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }

        var quoted = text.ToString().TrimEnd();
        return "'" + (quoted.Length > QuoteLength ? quoted.Substring(0, QuoteLength - 1).TrimEnd() + "…" : quoted) + "'";
    }

    private static string Quote(IOperation operation) =>
        Quote(operation is IExpressionStatementOperation statement ? statement.Operation.Syntax : operation.Syntax);

    private static string Describe(IOperation operation) => operation switch
    {
        IExpressionStatementOperation { Operation: IAssignmentOperation { Target: IFieldReferenceOperation field } } =>
            $"{Quote(operation)} writes the field '{field.Field.Name}', and a [Differentiable] method must not change state; return the value instead",
        IExpressionStatementOperation { Operation: IAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: false } property } } =>
            $"{Quote(operation)} writes the property '{property.Property.Name}', and a [Differentiable] method must not change state; return the value instead",
        IExpressionStatementOperation { Operation: IAssignmentOperation { Target: IArrayElementReferenceOperation } } =>
            $"{Quote(operation)} writes an array element, which the gradient cannot follow; build the values as a Tensor instead (Tensor.Stack, Tensor.Cat)",
        ILocalFunctionOperation local =>
            $"the local function '{local.Symbol.Name}' is not supported; make it a [Differentiable] method of the type",
        IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation } =>
            $"{Quote(operation)} is not supported; check the arguments before calling the method",
        IConversionOperation conversion when Symbols.KindOf(conversion.Type) != ValueKind.None && Symbols.KindOf(conversion.Operand.Type) != ValueKind.None =>
            $"{Quote(operation)} converts {conversion.Operand.Type?.ToDisplayString()} to {conversion.Type?.ToDisplayString()}, which has no derivative; keep differentiable values in one type (make both {conversion.Type?.ToDisplayString()})",
        IIncrementOrDecrementOperation or IAssignmentOperation => EffectMessage(operation),
        _ => DescribeSyntax(operation),
    };

    private static string DescribeSyntax(IOperation operation) => operation.Syntax switch
    {
        ForEachStatementSyntax => $"a foreach over the differentiable value {Quote(((IForEachLoopOperation)operation).Collection.Syntax)} is not supported; loop with for over an index instead",
        WhileStatementSyntax or DoStatementSyntax => $"{Quote(operation)} (this form of loop) is not supported; write it as a for or while loop with a condition",
        ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax => $"{Quote(operation)} creates an object from differentiable values, which the gradient cannot follow; pass the values themselves (or compute them in a [Differentiable] method)",
        TupleExpressionSyntax => $"the tuple {Quote(operation)} is not supported on differentiable values; use separate locals",
        ElementAccessExpressionSyntax => $"{Quote(operation)} indexes a collection of differentiable values, which the gradient cannot follow; use a Tensor and its indexer",
        _ => $"{Quote(operation)} is not supported on differentiable values; compute it from double, float or Tensor operations, or move it into a method with a [DerivativeOf] rule",
    };

    private static string OperatorMessage(IOperation operation, BinaryOperatorKind kind) => kind == BinaryOperatorKind.Remainder
        ? $"{Quote(operation)} uses %, which has no derivative rule; write 'a - Math.Truncate((a / b).Detach()) * b' instead"
        : $"{Quote(operation)} applies an operator with no derivative to differentiable values; write it with +, -, *, / and Math functions";

    private void Unsupported(IOperation operation, string what) =>
        _diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, operation.Syntax.GetLocation(), _methodName, what));
}
