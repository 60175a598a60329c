namespace AutoDiffGen;

internal static class Placeholder
{
}
