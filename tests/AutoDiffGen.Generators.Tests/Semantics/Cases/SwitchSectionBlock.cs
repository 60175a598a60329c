// expect: ok
// points: 2.5 1.1; -0.4 2.1; -0.4 0.3; 0.7 1.3; 0.3 0.45
using AutoDiffGen;

public static partial class K
{
    // Sections written as blocks ending in break, one returning from inside (found by the stranger check).
    [Differentiable]
    public static double F(double x, double y)
    {
        switch (x)
        {
            case > 2:
                return x * y;
            case < 0:
            {
                if (y > 1)
                {
                    return y * x;
                }

                y = y * 3;
                break;
            }

            default:
            {
                y = y + x;
                break;
            }
        }

        return y * y;
    }
}
