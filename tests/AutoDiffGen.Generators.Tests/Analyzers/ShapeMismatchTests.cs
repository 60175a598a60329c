namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>ADG0008: shapes that certainly do not fit, found by following literal shapes through a method body.</summary>
public class ShapeMismatchTests
{
    private const string Id = "ADG0008";

    [Fact]
    public Task MatMul_of_matrices_whose_inner_sizes_differ_is_reported() => AnalyzerHarness.ExpectAsync(
        Id,
        "public static class C { public static Tensor F() { var a = Tensor.Zeros(3, 2); var b = Tensor.Zeros(3, 2); return [|Tensor.MatMul(a, b)|]; } }",
        "'MatMul' cannot multiply these shapes",
        "mat1 and mat2 shapes cannot be multiplied (3x2 and 3x2)");

    [Fact]
    public Task Instance_MatMul_and_Mm_are_reported_on_the_invocation() => AnalyzerHarness.ExpectAsync(
        Id,
        "public static class C { public static void F() { var a = Tensor.Ones(3, 2); _ = [|a.MatMul(Tensor.Rand(4, 5))|]; _ = [|a.Mm(Tensor.Randn(3, 2))|]; } }",
        "(3x2 and ");

    [Fact]
    public Task MatMul_that_fits_is_not_reported_and_its_result_shape_is_known() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static Tensor F()
            {
                var a = Tensor.Zeros(3, 2);
                var b = Tensor.Ones(2, 4);
                var c = Tensor.MatMul(a, b);
                var ok = c + Tensor.Zeros(4);
                return [|c + Tensor.Zeros(3)|];
            }
        }
        """,
        "'+' cannot broadcast these shapes",
        "the size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1",
        "[3, 4] and [3]");

    [Fact]
    public Task MatMul_follows_the_rank_rules_of_torch_matmul() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static void F()
            {
                var v = Tensor.Zeros(3);
                var m = Tensor.Zeros(4, 3);
                var batch = Tensor.Zeros(5, 4, 3);
                var mv = m.MatMul(v) + Tensor.Zeros(4);
                var vm = Tensor.MatMul(Tensor.Zeros(4), m) + Tensor.Zeros(3);
                var dot = v.MatMul(v) + Tensor.Zeros(7, 7);
                var bm = Tensor.MatMul(batch, m.T) + Tensor.Zeros(5, 4, 4);
                _ = [|v.MatMul(Tensor.Zeros(4))|];
                _ = [|Tensor.MatMul(m, m)|];
                _ = [|Tensor.MatMul(Tensor.Zeros(2, 4, 3), Tensor.Zeros(3, 3, 1))|];
                _ = [|Tensor.MatMul(Tensor.Scalar(1.0), m)|];
            }
        }
        """);

    [Fact]
    public async Task Dot_and_batched_messages_name_both_shapes()
    {
        var found = await AnalyzerHarness.ExpectAsync(
            Id,
            "public static class C { public static void F() { _ = [|Tensor.Zeros(3).Dot(Tensor.Zeros(4))|]; _ = [|Tensor.Zeros(2, 5, 3).MatMul(Tensor.Zeros(2, 4, 6))|]; } }");
        Assert.Contains("got 3 and 4 (shapes [3] and [4])", found[0].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("shapes [2, 5, 3] and [2, 4, 6] cannot be multiplied", found[1].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public Task Elementwise_operators_that_cannot_broadcast_are_reported() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static void F()
            {
                var a = Tensor.Zeros(2, 3);
                var b = Tensor.Zeros(4);
                _ = [|a + b|];
                _ = [|a - b|];
                _ = [|b * a|];
                _ = [|a / Tensor.Zeros(3, 3)|];
                _ = [|a.Add(b)|];
                _ = [|a.Maximum(b)|];
            }
        }
        """,
        "cannot broadcast these shapes");

    [Fact]
    public Task Broadcasting_with_scalars_and_size_one_dims_is_not_reported() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        """
        public static class C
        {
            public static Tensor F()
            {
                var a = Tensor.Zeros(2, 3);
                var r = a + Tensor.Zeros(3);
                r = r * Tensor.Ones(2, 1);
                r = r - Tensor.Scalar(1.0);
                r = r / 2.0;
                r = 1.0 - r;
                r = Tensor.Zeros(1, 3) + Tensor.Zeros(4, 1);
                r = r + Tensor.Zeros(5, 4, 3);
                r = Tensor.Zeros(2, 3) + Tensor.Zeros(2, 3).Sum();
                return -r;
            }
        }
        """);

    [Fact]
    public Task Unary_elementwise_methods_keep_the_shape() => AnalyzerHarness.ExpectAsync(
        Id,
        "public static class C { public static Tensor F() { var a = Tensor.Zeros(2, 3).Exp().Relu().Clamp(0, 1) * 2; return [|a.Sigmoid().Pow(2.0) + Tensor.Zeros(4)|]; } }",
        "[2, 3] and [4]");

    [Fact]
    public Task View_or_reshape_to_another_element_count_is_reported() => AnalyzerHarness.ExpectAsync(
        Id,
        "public static class C { public static void F() { var a = Tensor.Zeros(2, 3); _ = [|a.View(5, 2)|]; _ = [|a.Reshape(-1, 4)|]; _ = [|a.Reshape(-1, -1)|]; _ = a.View(3, 2); } }",
        "cannot reshape this tensor");

    [Fact]
    public async Task View_message_is_the_one_of_pytorch()
    {
        var found = await AnalyzerHarness.ExpectAsync(
            Id,
            "public static class C { public static void F() { var a = Tensor.Zeros(2, 3); _ = [|a.View(5, 2)|]; } }",
            "'View' cannot reshape this tensor: shape '[5, 2]' is invalid for input of size 6 (a tensor of shape [2, 3])");
        Assert.Single(found);
    }

    [Fact]
    public Task Reshape_with_minus_one_infers_the_size() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static void F()
            {
                var a = Tensor.Zeros(2, 3).Reshape(-1, 2);
                var ok = Tensor.MatMul(a, Tensor.Zeros(2, 4));
                var flat = Tensor.Zeros(2, 3, 4).View(-1) + Tensor.Zeros(24);
                _ = [|Tensor.MatMul(a, Tensor.Zeros(3, 4))|];
            }
        }
        """,
        "(3x2 and 3x4)");

    [Fact]
    public Task Transpose_makes_a_MatMul_valid() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        """
        public static class C
        {
            public static Tensor F()
            {
                var a = Tensor.Zeros(3, 2);
                var b = Tensor.Zeros(3, 2);
                var c = Tensor.MatMul(a, b.T);
                var d = a.MatMul(b.Transpose(0, 1));
                var e = Tensor.MatMul(a.T, b) + Tensor.Zeros(2, 2);
                return Tensor.MatMul(Tensor.Zeros(4, 3, 2), Tensor.Zeros(4, 3, 2).MT) + c + d + e.Sum();
            }
        }
        """);

    [Fact]
    public Task Reassignment_updates_the_shape() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static void F()
            {
                var a = Tensor.Zeros(3, 2);
                a = Tensor.Zeros(2, 2);
                var ok = Tensor.MatMul(a, Tensor.Zeros(2, 2));
                a = a.View(4);
                _ = [|a + Tensor.Zeros(3)|];
            }
        }
        """,
        "[4] and [3]");

    [Fact]
    public Task Reassignment_to_an_unknown_value_forgets_the_shape() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        """
        public static class C
        {
            static Tensor Make() => Tensor.Zeros(2, 2);

            public static Tensor F()
            {
                var a = Tensor.Zeros(3, 2);
                a = Make();
                var b = Tensor.Zeros(3);
                b += Make();
                return Tensor.MatMul(a, Tensor.Zeros(2, 2)) + b;
            }
        }
        """);

    [Fact]
    public Task Assignment_in_a_branch_or_loop_makes_the_shape_unknown() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        """
        public static class C
        {
            public static Tensor F(bool flag, int n)
            {
                var a = Tensor.Zeros(3, 2);
                if (flag)
                {
                    a = Tensor.Zeros(2, 2);
                }

                var b = Tensor.MatMul(a, Tensor.Zeros(2, 2));
                var c = Tensor.Zeros(4);
                for (var i = 0; i < n; i++)
                {
                    var d = c + Tensor.Zeros(3);
                    c = Tensor.Zeros(3);
                }

                var e = Tensor.Zeros(5);
                while (n-- > 0)
                {
                    e = e.View(-1, 1);
                }

                var f = Tensor.Zeros(2);
                switch (n)
                {
                    case 1: f = Tensor.Zeros(3); break;
                }

                var g = flag ? Tensor.Zeros(2) : Tensor.Zeros(3);
                Tensor h = Tensor.Zeros(6);
                try { h = Tensor.Zeros(7); } catch (InvalidOperationException) { }
                return b + c + e.View(5, 1) + f + g + h + Tensor.Zeros(7);
            }
        }
        """);

    [Fact]
    public Task Code_inside_a_branch_or_loop_is_still_checked() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static Tensor F(bool flag, int n)
            {
                var a = Tensor.Zeros(3);
                if (flag)
                {
                    var b = Tensor.Zeros(4);
                    return [|a + b|];
                }

                var c = a;
                for (var i = 0; i < n; i++)
                {
                    c = [|a * Tensor.Zeros(2)|];
                    var d = Tensor.Zeros(5);
                    c = [|d + Tensor.Zeros(6)|];
                    d = c;
                }

                return c;
            }
        }
        """,
        "cannot broadcast these shapes");

    [Fact]
    public Task Parameters_and_other_values_are_unknown() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        """
        public static class C
        {
            static Tensor _w = Tensor.Zeros(3, 3);

            public static Tensor F(Tensor x, Tensor[] xs, int n)
            {
                var a = x + Tensor.Zeros(4);
                var b = Tensor.MatMul(x, Tensor.Zeros(3, 2));
                var c = x.View(5, 2) + xs[0] + xs[1].Reshape(-1, 1);
                var d = _w + Tensor.Zeros(4);
                var e = Tensor.Zeros(n) + Tensor.Zeros(4);
                return a + b + c + d + e + Tensor.Zeros(new[] { 2, 3 }.Select(s => s * 2).ToArray());
            }
        }
        """);

    [Fact]
    public Task Known_sizes_of_a_partly_known_shape_are_checked() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static void F(Tensor x, int n)
            {
                _ = [|Tensor.MatMul(x.View(-1, 4), Tensor.Zeros(3, 2))|];
                _ = [|Tensor.MatMul(Tensor.Zeros(n, 3), Tensor.Zeros(2, 2))|];
                _ = Tensor.MatMul(Tensor.Zeros(n, 3), Tensor.Zeros(3, n));
            }
        }
        """,
        "x");

    [Fact]
    public Task Locals_changed_by_a_lambda_ref_or_out_are_not_tracked() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        """
        public static class C
        {
            static void Replace(ref Tensor t) => t = Tensor.Zeros(4);
            static void Make(out Tensor t) => t = Tensor.Zeros(4);

            public static Tensor F()
            {
                var a = Tensor.Zeros(3);
                Action set = () => a = Tensor.Zeros(4);
                set();
                var b = Tensor.Zeros(3);
                Replace(ref b);
                var c = Tensor.Zeros(3);
                Make(out c);
                var d = Tensor.Zeros(3);
                Local();
                return a + b + c + d + Tensor.Zeros(4);

                void Local() => d = Tensor.Zeros(4);
            }
        }
        """);

    [Fact]
    public Task Lambda_bodies_are_checked_on_their_own() => AnalyzerHarness.ExpectAsync(
        Id,
        "public static class C { public static Func<Tensor> F() { var outer = Tensor.Zeros(9); return () => { var a = Tensor.Zeros(2); return [|a + Tensor.Zeros(3)|] + outer; }; } }",
        "[2] and [3]");

    [Fact]
    public Task Body_with_goto_is_not_checked() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        "public static class C { public static Tensor F(int n) { var a = Tensor.Zeros(3); again: var b = a + Tensor.Zeros(4); a = Tensor.Zeros(4); if (n-- > 0) { goto again; } return b; } }");

    [Fact]
    public Task FromArray_takes_the_shape_of_the_array() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static void F()
            {
                var m = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
                var v = Tensor.FromArray(new float[] { 1, 2, 3 });
                _ = [|Tensor.MatMul(m, m)|];
                _ = [|v + Tensor.Zeros(4)|];
                _ = [|Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [5, 2])|];
                _ = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [-1, 2]).MatMul(Tensor.Zeros(2, 1));
            }
        }
        """);

    [Fact]
    public async Task FromArray_with_a_wrong_shape_uses_the_runtime_wording()
    {
        var found = await AnalyzerHarness.ExpectAsync(
            Id,
            "public static class C { public static Tensor F() => [|Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, new[] { 5, 2 })|]; }",
            "'FromArray' cannot shape this data: shape '[5, 2]' is invalid for input of size 6");
        Assert.Single(found);
    }

    [Fact]
    public Task In_place_and_compound_assignment_are_checked() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            public static void F()
            {
                var a = Tensor.Zeros(3);
                _ = [|a.AddInPlace(Tensor.Zeros(2, 3))|];
                a.MulInPlace(Tensor.Zeros(1));
                var b = Tensor.Zeros(2, 3);
                [|b += Tensor.Zeros(4)|];
                b += Tensor.Zeros(3);
            }
        }
        """,
        "cannot");

    [Fact]
    public Task Creation_overloads_with_arrays_and_collection_expressions_are_followed() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        using static AutoDiffGen.Tensor;

        public static class C
        {
            public static void F()
            {
                var a = Full([2, 3], 7.5);
                var b = Rand(new[] { 2, 3 }, DType.Float64);
                var c = Eye(3);
                var d = ZerosLike(c) + Arange(3) + Linspace(0, 1, 3);
                _ = [|a + Zeros(3, 2)|];
                _ = [|Full(b.Shape, 1.0) * Zeros(c.Size(0), 1)|];
                _ = [|d.MatMul(Zeros(4))|];
            }
        }
        """);

    [Fact]
    public Task Differentiable_methods_are_checked_too() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static partial class Model
        {
            [Differentiable]
            public static Tensor Loss(Tensor x)
            {
                var w = Tensor.Ones(2, 3);
                var h = x.Reshape(4, 3);
                return [|h.MatMul(w)|].Sum();
            }
        }
        """,
        "(4x3 and 2x3)");

    [Fact]
    public Task Code_that_expects_the_shape_error_is_not_reported() => AnalyzerHarness.ExpectAsync(
        Id,
        """
        public static class C
        {
            static T Throws<T>(Func<object> action) where T : Exception => throw new InvalidOperationException();

            public static void F()
            {
                var a = Tensor.Zeros(3, 2);
                try
                {
                    Tensor.MatMul(a, a);
                }
                catch (TensorShapeException)
                {
                }

                try
                {
                    _ = a.View(7);
                }
                catch (ArgumentException)
                {
                }

                Throws<TensorShapeException>(() => Tensor.Zeros(3) + Tensor.Zeros(4));
                Throws<InvalidOperationException>(() => [|Tensor.Zeros(3) - Tensor.Zeros(4)|]);
                try
                {
                    _ = [|a * Tensor.Zeros(3)|];
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
        """,
        "cannot broadcast these shapes");

    [Fact]
    public Task Methods_without_tensors_are_ignored() => AnalyzerHarness.ExpectNoneAsync(
        Id,
        "public static class C { public static double F(double x) { var y = x * 2; return y + 1; } public static int Zeros(int n) => n; }");

    // Expressions the analyzer follows, with the runtime's own evaluation: the tests below compare the two.
    private static readonly Dictionary<string, Func<Tensor>> _runtime = new()
    {
        ["Tensor.Zeros(4, 3).MatMul(Tensor.Zeros(3))"] = () => Tensor.Zeros(4, 3).MatMul(Tensor.Zeros(3)),
        ["Tensor.MatMul(Tensor.Zeros(4), Tensor.Zeros(4, 3))"] = () => Tensor.MatMul(Tensor.Zeros(4), Tensor.Zeros(4, 3)),
        ["Tensor.Zeros(3).MatMul(Tensor.Zeros(3))"] = () => Tensor.Zeros(3).MatMul(Tensor.Zeros(3)),
        ["Tensor.MatMul(Tensor.Zeros(5, 4, 3), Tensor.Zeros(4, 3).T)"] = () => Tensor.MatMul(Tensor.Zeros(5, 4, 3), Tensor.Zeros(4, 3).T),
        ["Tensor.MatMul(Tensor.Zeros(2, 1, 4, 3), Tensor.Zeros(5, 3, 2))"] = () => Tensor.MatMul(Tensor.Zeros(2, 1, 4, 3), Tensor.Zeros(5, 3, 2)),
        ["Tensor.Zeros(2, 3, 4).T"] = () => Tensor.Zeros(2, 3, 4).T,
        ["Tensor.Zeros(2, 3, 4).MT"] = () => Tensor.Zeros(2, 3, 4).MT,
        ["Tensor.Eye(3)"] = () => Tensor.Eye(3),
        ["Tensor.Eye(3, 2)"] = () => Tensor.Eye(3, 2),
        ["Tensor.Arange(3)"] = () => Tensor.Arange(3),
        ["Tensor.Arange(0.0, 1.0, 0.3)"] = () => Tensor.Arange(0.0, 1.0, 0.3),
        ["Tensor.Arange(1, 10, 4)"] = () => Tensor.Arange(1, 10, 4),
        ["Tensor.Linspace(0, 1, 3)"] = () => Tensor.Linspace(0, 1, 3),
        ["Tensor.RandPerm(5)"] = () => Tensor.RandPerm(5),
        ["Tensor.Bernoulli(0.5, [2, 2])"] = () => Tensor.Bernoulli(0.5, [2, 2]),
        ["Tensor.RandInt(0, 5, [3, 1])"] = () => Tensor.RandInt(0, 5, [3, 1]),
        ["Tensor.Full([2, 3], 7L)"] = () => Tensor.Full([2, 3], 7L),
        ["Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } })"] = () => Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }),
        ["Tensor.FromArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, [3, -1])"] = () => Tensor.FromArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, [3, -1]),
        ["Tensor.Zeros(2, 3, 4).Flatten(1)"] = () => Tensor.Zeros(2, 3, 4).Flatten(1),
        ["Tensor.Zeros(2, 3, 4).Flatten()"] = () => Tensor.Zeros(2, 3, 4).Flatten(),
        ["Tensor.Zeros(2, 3, 4).Sum(1, true)"] = () => Tensor.Zeros(2, 3, 4).Sum(1, true),
        ["Tensor.Zeros(2, 3, 4).Mean([0, -1])"] = () => Tensor.Zeros(2, 3, 4).Mean([0, -1]),
        ["Tensor.Zeros(2, 3).ArgMax(1)"] = () => Tensor.Zeros(2, 3).ArgMax(1),
        ["Tensor.Zeros(2, 3).Sum()"] = () => Tensor.Zeros(2, 3).Sum(),
        ["Tensor.Zeros(1, 3, 1).Squeeze(-1)"] = () => Tensor.Zeros(1, 3, 1).Squeeze(-1),
        ["Tensor.Zeros(1, 3, 1).Squeeze()"] = () => Tensor.Zeros(1, 3, 1).Squeeze(),
        ["Tensor.Zeros(4, 5).Unsqueeze(-1)"] = () => Tensor.Zeros(4, 5).Unsqueeze(-1),
        ["Tensor.Zeros(3, 1).Expand(2, 3, 4)"] = () => Tensor.Zeros(3, 1).Expand(2, 3, 4),
        ["Tensor.Zeros(3, 1).Expand(-1, 4)"] = () => Tensor.Zeros(3, 1).Expand(-1, 4),
        ["Tensor.Zeros(4, 5).Narrow(1, 1, 2)"] = () => Tensor.Zeros(4, 5).Narrow(1, 1, 2),
        ["Tensor.Zeros(4, 5).Select(-1, 1)"] = () => Tensor.Zeros(4, 5).Select(-1, 1),
        ["Tensor.Zeros(2, 3, 4).Permute(2, 0, 1)"] = () => Tensor.Zeros(2, 3, 4).Permute(2, 0, 1),
        ["Tensor.Zeros(2, 3, 4).Transpose(0, -1)"] = () => Tensor.Zeros(2, 3, 4).Transpose(0, -1),
        ["Tensor.Zeros(3, 4).Diagonal()"] = () => Tensor.Zeros(3, 4).Diagonal(),
        ["Tensor.Zeros(2, 3).ViewAs(Tensor.Zeros(3, 2))"] = () => Tensor.Zeros(2, 3).ViewAs(Tensor.Zeros(3, 2)),
        ["Tensor.Zeros(1, 3) + Tensor.Zeros(4, 1)"] = () => Tensor.Zeros(1, 3) + Tensor.Zeros(4, 1),
        ["Tensor.Zeros(2, 3).Gt(Tensor.Zeros(2, 1))"] = () => Tensor.Zeros(2, 3).Gt(Tensor.Zeros(2, 1)),
        ["Tensor.Zeros(2, 3).To(DType.Float64).Softmax(1)"] = () => Tensor.Zeros(2, 3).To(DType.Float64).Softmax(1),
    };

    // Expressions the runtime refuses with a TensorShapeException; the analyzer must report each one.
    private static readonly Dictionary<string, Func<Tensor>> _runtimeErrors = new()
    {
        ["Tensor.Zeros(2, 3).View(0, -1)"] = () => Tensor.Zeros(2, 3).View(0, -1),
        ["Tensor.Zeros(2, 3).Reshape(-2, 3)"] = () => Tensor.Zeros(2, 3).Reshape(-2, 3),
        ["Tensor.Zeros(3, 2).Expand(3, 4)"] = () => Tensor.Zeros(3, 2).Expand(3, 4),
        ["Tensor.Zeros(3).Expand(2, 4)"] = () => Tensor.Zeros(3).Expand(2, 4),
        ["Tensor.Zeros(3).Dist(Tensor.Zeros(4))"] = () => Tensor.Zeros(3).Dist(Tensor.Zeros(4)),
        ["Tensor.Zeros(2, 3).Eq(Tensor.Zeros(4))"] = () => Tensor.Zeros(2, 3).Eq(Tensor.Zeros(4)),
        ["Tensor.Zeros(3).Mm(Tensor.Zeros(3, 2))"] = () => Tensor.Zeros(3).Mm(Tensor.Zeros(3, 2)),
        ["Tensor.Zeros(3).MatMul(Tensor.Zeros(2, 4))"] = () => Tensor.Zeros(3).MatMul(Tensor.Zeros(2, 4)),
        ["Tensor.MatMul(Tensor.Zeros(2, 4, 3), Tensor.Zeros(3, 3, 1))"] = () => Tensor.MatMul(Tensor.Zeros(2, 4, 3), Tensor.Zeros(3, 3, 1)),
        ["Tensor.Zeros(3).AddInPlace(Tensor.Zeros(2, 3))"] = () => Tensor.Zeros(3).AddInPlace(Tensor.Zeros(2, 3)),
        ["Tensor.Zeros(2, 3).ReshapeAs(Tensor.Zeros(4))"] = () => Tensor.Zeros(2, 3).ReshapeAs(Tensor.Zeros(4)),
    };

    public static TheoryData<string> RuntimeShapes => [.. _runtime.Keys];

    public static TheoryData<string> RuntimeErrors => [.. _runtimeErrors.Keys];

    [Theory]
    [MemberData(nameof(RuntimeShapes))]
    public async Task Inferred_shape_is_the_one_the_runtime_computes(string expression)
    {
        // A view to a size nothing has is reported with the shape the analyzer inferred; it must be the runtime's.
        var shape = _runtime[expression]().Shape.ToString();
        var source = $"public static class C {{ public static Tensor F() {{ var x = {expression}; return x.View(1000003); }} }}";
        var found = (await AnalyzerHarness.RunAsync(source)).Where(d => d.Id == Id).ToList();
        var diagnostic = Assert.Single(found);
        Assert.Contains($"(a tensor of shape {shape})", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuntimeErrors))]
    public async Task What_the_runtime_refuses_is_reported(string expression)
    {
        Assert.Throws<TensorShapeException>(() => _runtimeErrors[expression]());
        var found = (await AnalyzerHarness.RunAsync($"public static class C {{ public static Tensor F() => {expression}; }}")).Where(d => d.Id == Id).ToList();
        Assert.Single(found);
    }
}
