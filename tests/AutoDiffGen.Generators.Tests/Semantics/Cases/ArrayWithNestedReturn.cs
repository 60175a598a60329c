// expect: ok
using AutoDiffGen;

public static partial class K
{
    // A nested return makes the parser read the body twice: the array and the ref local are declared again.
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] a = { x, y };
        ref double r = ref a[1];
        if (x > 0)
        {
            if (y > 1)
            {
                return a[0] * r;
            }
        }
        else
        {
            r = a[0] * 2;
        }

        return a[0] + (r * y);
    }
}
