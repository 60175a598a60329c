using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// User code laid out as users lay it out, outside the AutoDiffGen namespace: the global namespace, file-scoped and
/// nested namespaces, using static, using aliases, implicit usings on and off, nullable on and off, a top-level
/// program. The generated files have none of the user's usings, so whatever they copy from the user's code must bind
/// through fully qualified names. Each test asserts that the whole output (generated files included) compiles with
/// no error, that no analyzer reports anything, and, where it runs the code, that the gradient matches central
/// finite differences and the value is the method's own, bit for bit.
/// </summary>
public class UserLayoutTests
{
    private static readonly CSharpCompilationOptions _library = UserCode.Library;

    [Fact]
    public void Issue_example_global_namespace_with_only_using_AutoDiffGen()
    {
        const string source = """
            using AutoDiffGen;
            public static partial class Repro
            {
                [Differentiable] public static Tensor F(Tensor x) => Losses.Mse(x, Tensor.Zeros(3));
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckTensorGradient(code, "Repro", "F", [1.0, -2.0, 0.5]);
    }

    [Fact]
    public void Tensor_zeros_converted_with_DType_inside_a_loop_in_a_file_scoped_namespace()
    {
        const string source = """
            using AutoDiffGen;
            namespace User.Imaging;
            public static partial class Restore
            {
                [Differentiable]
                public static Tensor Loss(Tensor x, int steps)
                {
                    var total = (x * 0.0).Sum();
                    for (var i = 0; i < steps; i++)
                    {
                        var zero = Tensor.Zeros(1).To(DType.Float64);
                        total = total + (x - zero).Pow(2).Sum() * (i + 1);
                    }

                    return total;
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckTensorGradient(code, "User.Imaging.Restore", "Loss", [0.5, -1.5], 3);
    }

    [Fact]
    public void Math_with_an_explicit_using_System_and_no_implicit_usings()
    {
        const string source = """
            using System;
            using AutoDiffGen;
            namespace User;
            public static partial class Scaled
            {
                [Differentiable] public static double F(double x) => Math.Sqrt(2.0) * x * Math.Sin(x);
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckScalarGradient(code, "User.Scaled", "F", 0.7);
    }

    [Fact]
    public void System_Math_written_fully_with_only_using_AutoDiffGen()
    {
        const string source = """
            using AutoDiffGen;
            public static partial class Full
            {
                [Differentiable] public static double F(double x, int n) => System.Math.Sqrt(2.0) * x + System.Math.Max(n, 1) * x * x;
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckScalarGradient(code, "Full", "F", 1.3, 4);
    }

    [Fact]
    public void Implicit_usings_on_in_a_namespace_with_no_usings_of_its_own()
    {
        const string source = """
            namespace User.Implicit
            {
                public static partial class Functions
                {
                    [Differentiable] public static double F(double x) => Math.Sqrt(2.0) * x * x + Enumerable.Range(1, 3).Sum() * x;

                    [Differentiable] public static Tensor G(Tensor x) => Losses.Mse(x, Tensor.Ones(2).To(DType.Float64));
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, GeneratorHarness.Usings, source));
        UserCode.CheckScalarGradient(code, "User.Implicit.Functions", "F", 0.9);
        UserCode.CheckTensorGradient(code, "User.Implicit.Functions", "G", [0.25, 3.0]);
    }

    [Fact]
    public void Using_static_System_Math()
    {
        const string source = """
            using AutoDiffGen;
            using static System.Math;
            namespace User;
            public static partial class Statics
            {
                [Differentiable] public static double F(double x, int n) => Sqrt(x) + Sqrt(2.0) * x + Max(n, 2) * x;
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckScalarGradient(code, "User.Statics", "F", 2.5, 3);
    }

    [Fact]
    public void Using_aliases_for_a_type_and_a_static_class()
    {
        const string source = """
            using T = AutoDiffGen.Tensor;
            using L = AutoDiffGen.Losses;
            using D = AutoDiffGen.DifferentiableAttribute;
            public static partial class Aliased
            {
                [D] public static T F(T x) => L.Mse(x * T.Ones(3).To(AutoDiffGen.DType.Float64), T.Zeros(3));
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckTensorGradient(code, "Aliased", "F", [0.5, 1.0, -2.0]);
    }

    [Fact]
    public void The_users_own_types_and_extension_methods_reached_through_a_using()
    {
        const string shared = """
            namespace Company.Shared
            {
                public static class MyConsts
                {
                    public static double Scale { get; } = 3.0;
                    public static double Twice(double v) => 2 * v;
                }

                public static class MyExtensions
                {
                    public static double Halved(this double v) => v / 2;
                    public static int Doubled(this int v) => 2 * v;
                    public static int Next(this ref int v) => ++v;
                }
            }
            """;
        const string source = """
            using AutoDiffGen;
            using Company.Shared;
            namespace Company.App
            {
                public static partial class Model
                {
                    [Differentiable]
                    public static double F(double x, int n) => x * MyConsts.Scale + x * MyConsts.Twice(n) + x * x * ((double)n).Halved() + n.Doubled().Doubled() * x
                        + x * System.Linq.Enumerable.Sum(System.Linq.Enumerable.Range(0, n), i => { var c = i; return c.Next() + c; });
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, shared, source));
        UserCode.CheckScalarGradient(code, "Company.App.Model", "F", 0.8, 5);
    }

    [Fact]
    public void Detach_on_a_double_outside_the_AutoDiffGen_namespace()
    {
        const string source = """
            using AutoDiffGen;
            namespace User;
            public static partial class Detached
            {
                [Differentiable] public static double F(double x) => x * x.Detach();
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        var x = 1.7;
        var (value, gradient) = UserCode.ScalarWithGradient(code, "User.Detached", "F", null, x);
        UserCode.SameBits((double)code.Call("User.Detached", "F", null, x)!, value, "User.Detached.F");
        Assert.Equal(x * x, value);

        // The detached factor is a constant: d/dx (x * c) = c = x (finite differences would see 2x).
        Assert.Equal(x, gradient, 12);
    }

    [Fact]
    public void Nested_namespaces_with_usings_inside_them_and_a_nested_type()
    {
        const string source = """
            namespace Outer
            {
                using AutoDiffGen;

                namespace Inner
                {
                    using static System.Math;

                    public static partial class Host
                    {
                        public static partial class Nested
                        {
                            [Differentiable] public static Tensor F(Tensor x) => (x * Tensor.Ones(2).To(DType.Float64) * Sqrt(3.0)).Sum();
                        }
                    }
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckTensorGradient(code, "Outer.Inner.Host+Nested", "F", [1.5, -0.5]);
    }

    [Theory]
    [InlineData(NullableContextOptions.Enable)]
    [InlineData(NullableContextOptions.Disable)]
    public void Nullable_on_and_off(NullableContextOptions nullable)
    {
        const string source = """
            using AutoDiffGen;
            public static partial class Nullables
            {
                [Differentiable]
                public static Tensor F(Tensor x, [NoDiff] Tensor? bias)
                {
                    var shift = bias ?? Tensor.Zeros(2).To(DType.Float64);
                    return ((x - shift) * (x - shift)).Sum();
                }
            }
            """;
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable);
        using var code = CompiledAssembly.Load(UserCode.Build(options, source));
        UserCode.CheckTensorGradient(code, "Nullables", "F", [0.5, 2.0], new object?[] { null });
    }

    [Fact]
    public void Top_level_program_with_the_partial_class_after_the_statements()
    {
        const string source = """
            using AutoDiffGen;

            var (value, gradient) = Program2.FWithGradient(2.0);
            System.Console.WriteLine($"{value} {gradient}");

            public static partial class Program2
            {
                [Differentiable] public static double F(double x) => System.Math.Sqrt(2.0) * x * x;
            }
            """;
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable);
        using var code = CompiledAssembly.Load(UserCode.Build(options, source));
        UserCode.CheckScalarGradient(code, "Program2", "F", 2.0);
    }

    [Fact]
    public void Static_members_of_the_type_and_its_base_reached_unqualified()
    {
        const string source = """
            using AutoDiffGen;
            namespace Bases
            {
                public class Settings
                {
                    protected static double BaseFactor => 1.5;
                }
            }

            namespace User
            {
                public partial class Derived : Bases.Settings
                {
                    private static double Own(int n) => n + 0.5;

                    [Differentiable] public static double F(double x, int n) => x * x * BaseFactor * Own(n);
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckScalarGradient(code, "User.Derived", "F", 0.6, 2);
    }

    [Fact]
    public void Instance_members_reached_through_implicit_this()
    {
        const string source = """
            using AutoDiffGen;
            namespace User;
            public partial class Scaler
            {
                private readonly double _scale = 2.5;

                private double Offset(double v) => v + _scale;

                [Differentiable] public double F(double x) => x * x * _scale + x * Offset(1.0);
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        var target = code.Create("User.Scaler");
        UserCode.CheckScalarGradient(code, "User.Scaler", "F", 1.1, target);
    }

    [Fact]
    public void Enums_in_switch_labels_switch_expressions_and_using_static()
    {
        const string shared = """
            namespace User.Options
            {
                public enum Mode { Slow, Fast, Off }
            }
            """;
        const string source = """
            using AutoDiffGen;
            using User.Options;
            using static User.Options.Mode;
            namespace User;
            public static partial class Modes
            {
                [Differentiable]
                public static double F(double x, Mode mode)
                {
                    var y = x;
                    switch (mode)
                    {
                        case Mode.Fast:
                            y = x * x;
                            break;
                        case Slow:
                            y = x * 3;
                            break;
                        default:
                            break;
                    }

                    return mode switch { Mode.Off => y * 0.5, Fast => y * 2, _ => y };
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, shared, source));
        var mode = code.Assembly.GetType("User.Options.Mode")!;
        foreach (var name in new[] { "Slow", "Fast", "Off" })
        {
            UserCode.CheckScalarGradient(code, "User.Modes", "F", 1.3, Enum.Parse(mode, name));
        }
    }

    [Fact]
    public void Nameof_gives_the_users_name_and_not_the_renamed_variable()
    {
        const string source = """
            using AutoDiffGen;
            public static partial class Names
            {
                [Differentiable]
                public static double F(double x)
                {
                    x = x * 2;
                    return x * nameof(x).Length;
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckScalarGradient(code, "Names", "F", 0.4);
    }

    [Fact]
    public void Lambdas_keep_their_parameters_and_Linq_extensions_become_static_calls()
    {
        const string source = """
            using System.Linq;
            using AutoDiffGen;
            namespace User;
            public static partial class Lambdas
            {
                [Differentiable]
                public static Tensor F(Tensor x, int n)
                {
                    var weights = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (double)i + 1).ToArray());
                    var scale = n + 1;
                    var shifted = Enumerable.Range(0, n).Select(i => { var v = i * scale; return v; }).Sum();
                    return (x * weights).Sum() * shifted;
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckTensorGradient(code, "User.Lambdas", "F", [0.5, 1.0, 1.5], 3);
    }

    [Fact]
    public void Target_typed_new_collection_expressions_default_and_inferred_tuple_names()
    {
        const string source = """
            using System.Collections.Generic;
            using AutoDiffGen;
            namespace User;
            public static partial class Typed
            {
                [Differentiable]
                public static double F(double x, int n)
                {
                    List<double> list = new() { 1.0, 2.0 };
                    double[] data = [1.0, 2.0, n];
                    (int, string) unused = default;
                    var k = n + 1;
                    var pair = (k, 2);
                    return x * list.Count + x * data[2] + x * pair.k + unused.Item1;
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckScalarGradient(code, "User.Typed", "F", 0.3, 4);
    }

    [Fact]
    public void A_model_and_its_training_step_in_the_global_namespace()
    {
        const string source = """
            using AutoDiffGen;

            public sealed partial class Net : Module
            {
                private readonly int _width = 2;

                [Parameter]
                public Tensor Weight { get; } = Tensor.Ones(2).To(DType.Float64);

                [Differentiable]
                public Tensor Forward(Tensor x) => x * Weight * Tensor.Ones(_width).To(DType.Float64) * _width;
            }

            public static partial class Training
            {
                [Differentiable]
                public static Tensor Loss(Net net, [NoDiff] Tensor x) => Losses.Mse(net.Forward(x), Tensor.Zeros(2).To(DType.Float64));

                [TrainingStep(nameof(Loss))]
                public static partial Tensor Step(Net net, Tensor x, Sgd optimizer);
            }
            """;
        UserCode.Build(_library, source);
    }

    [Fact]
    public void A_generic_containing_type_an_alias_of_a_generic_type_and_const_locals_in_labels()
    {
        const string source = """
            using AutoDiffGen;
            using Vec = System.Collections.Generic.List<double>;
            namespace User;
            public static partial class Box<T>
            {
                private static double Factor => 2.0;

                [Differentiable]
                public static double F(double x, int n)
                {
                    const int Two = 2;
                    var values = new Vec { 1.0, 2.0 };
                    var y = x * Factor * typeof(T).Name.Length * values.Count;
                    switch (n)
                    {
                        case Two:
                            y = y * x;
                            break;
                        default:
                            break;
                    }

                    return n is Two or > 5 ? y * 3 : y;
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        var box = code.Assembly.GetType("User.Box`1")!.MakeGenericType(typeof(int));
        foreach (var n in new[] { 1, 2, 7 })
        {
            double F(double v) => (double)box.GetMethod("F")!.Invoke(null, [v, n])!;
            var pair = box.GetMethod("FWithGradient")!.Invoke(null, [0.7, n])!;
            var value = (double)pair.GetType().GetField("Item1")!.GetValue(pair)!;
            var gradient = (double)pair.GetType().GetField("Item2")!.GetValue(pair)!;
            UserCode.SameBits(F(0.7), value, "Box<int>.F");
            Assert.Equal((F(0.7 + 1e-6) - F(0.7 - 1e-6)) / 2e-6, gradient, 5);
        }
    }

    [Fact]
    public void Many_expression_forms_copied_from_a_namespace_with_its_own_usings()
    {
        const string shared = """
            namespace Geometry
            {
                public sealed record Point(int X, int Y)
                {
                    public int Tag { get; init; }
                }

                public sealed class Options
                {
                    public int Count { get; set; }

                    public System.Collections.Generic.List<int> Items { get; } = new();
                }
            }
            """;
        const string source = """
            using System;
            using System.Linq;
            using AutoDiffGen;
            using Geometry;
            using Col = System.Collections.Generic;
            using static System.Math;
            using static System.Linq.Enumerable;
            namespace User.Forms;
            public static partial class Forms
            {
                private static int Half(int v) => v / 2;

                [Differentiable]
                public static double F(double x, int n, [NoDiff] string? label)
                {
                    var p = new Point(n, 2) { Tag = 3 };
                    var q = p with { Y = 5, Tag = Half(n) };
                    var options = new Options { Count = n, Items = { 1, 2 } };
                    var shape = p is { X: > 0, Y: 2 } and Point(_, var y) && y == 2 ? 1 : 0;
                    var text = $"{q.Y,3}:{label ?? nameof(Forms)}";
                    var list = new Col.List<int>(Repeat<int>(1, n));
                    var size = sizeof(int) + (typeof(Point).Name.Length > 0 ? 1 : 0) + default(int);
                    Func<int, int> twice = static v => checked(v * 2);
                    var a = Max(n, 1);
                    var b = new Func<int, int>(v => { var (c, d) = (v, Min(n, 9)); return c + d; })(a);
                    var length = label?.Length ?? (text.Length > 0 ? text.Length : throw new ArgumentException(nameof(label)));
                    var sum = q.Y + q.Tag + options.Count + options.Items.Count + shape + list.Count + size + twice(a) + b + length;
                    return x * x * sum + Sqrt(2.0) * x;
                }
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, shared, source));
        UserCode.CheckScalarGradient(code, "User.Forms.Forms", "F", 0.6, 3, "ab");
        UserCode.CheckScalarGradient(code, "User.Forms.Forms", "F", 0.6, 4, null);
    }

    [Fact]
    public void Keywords_used_as_names_with_at()
    {
        const string source = """
            using AutoDiffGen;
            namespace User.@event;
            public static partial class @class
            {
                private static int @base => 2;

                [Differentiable]
                public static double F(double @in, int @checked)
                {
                    var @out = @in * @checked * @base;
                    if (@checked > 1)
                    {
                        @out = @out * @in;
                    }

                    return @out * @in;
                }

                [Differentiable]
                public static Tensor G(Tensor @in, int @checked) => (@in * @in * @checked * @base * Tensor.Ones(2).To(DType.Float64)).Sum();
            }
            """;
        using var code = CompiledAssembly.Load(UserCode.Build(_library, source));
        UserCode.CheckScalarGradient(code, "User.event.class", "F", 0.9, 1);
        UserCode.CheckScalarGradient(code, "User.event.class", "F", 0.9, 3);
        UserCode.CheckTensorGradient(code, "User.event.class", "G", [0.5, -1.0], 3);
    }
}
