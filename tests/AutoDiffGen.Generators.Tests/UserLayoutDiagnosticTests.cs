namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// What the generator cannot copy into the generated file faithfully is one ADG0004 at the user's code, saying what
/// to write instead, and never a compile error inside a generated file.
/// </summary>
public class UserLayoutDiagnosticTests
{
    [Fact]
    public void A_variable_declared_by_a_pattern_in_another_statement_is_reported_at_its_use()
    {
        const string source = """
            using AutoDiffGen;
            public static partial class Patterns
            {
                [Differentiable]
                public static double F(double x, [NoDiff] int? n)
                {
                    if (n is int k)
                    {
                        return x * [|k|];
                    }

                    return x;
                }
            }
            """;
        UserCode.ExpectUnsupported(source, "a use of 'k', declared by a pattern, an out argument or a deconstruction in another statement");
    }

    [Fact]
    public void An_assignment_inside_a_copied_lambda_is_reported()
    {
        // An assignment inside an expression is evaluated in place (Semantics/Cases/AssignValue.cs); one inside a
        // lambda runs later, on a variable the generated code has renamed.
        const string source = """
            using AutoDiffGen;
            public static partial class Assignments
            {
                [Differentiable]
                public static double F(double x, int n)
                {
                    var m = 0;
                    System.Func<int> set = () => [|m = n|];
                    var k = set();
                    return x * k * m;
                }
            }
            """;
        UserCode.ExpectUnsupported(source, "a change to 'm' inside a lambda (compute the value in the method body and assign it there)");
    }

    [Fact]
    public void An_extension_method_used_as_a_delegate_is_reported()
    {
        const string source = """
            using System;
            using AutoDiffGen;
            public static class TextExtensions
            {
                public static int Doubled(this string v) => 2 * v.Length;
            }

            public static partial class Groups
            {
                [Differentiable]
                public static double F(double x)
                {
                    var name = "abc";
                    Func<int> twice = [|name.Doubled|];
                    return x * twice();
                }
            }
            """;
        UserCode.ExpectUnsupported(source, "the extension method 'Doubled' used as a delegate (write a lambda that calls it)");
    }

    [Fact]
    public void A_query_expression_is_reported()
    {
        const string source = """
            using System.Linq;
            using AutoDiffGen;
            public static partial class Queries
            {
                [Differentiable]
                public static double F(double x, int n) => x * ([|from i in Enumerable.Range(0, n) select i * 2|]).Sum();
            }
            """;
        UserCode.ExpectUnsupported(source, "a query expression (write the method calls instead, e.g. xs.Select(v => …))");
    }

    [Fact]
    public void A_ref_extension_that_changes_a_local_is_reported()
    {
        const string source = """
            using AutoDiffGen;
            public static class Counters
            {
                public static int Next(this ref int v) => ++v;
            }

            public static partial class Refs
            {
                [Differentiable]
                public static double F(double x, int n)
                {
                    var m = n;
                    var k = [|m|].Next();
                    return x * k * m;
                }
            }
            """;
        UserCode.ExpectUnsupported(source, "a change to 'm' inside an expression (assign it in its own statement)");
    }

    [Fact]
    public void A_value_of_an_anonymous_type_is_reported()
    {
        const string source = """
            using AutoDiffGen;
            public static partial class Anonymous
            {
                [Differentiable]
                public static double F(double x)
                {
                    var a = [|new { Scale = 2.0 }|];
                    return x * a.Scale;
                }
            }
            """;
        UserCode.ExpectUnsupported(source, "a value of the anonymous type of 'new { Scale = 2.0 }' (use a tuple or a record instead)");
    }
}
