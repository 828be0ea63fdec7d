using BenchmarkDotNet.Running;

namespace AnoOnly.Benchmarks.Micro
{
    /// <summary>
    /// BenchmarkDotNet micro-benchmarks of the library's hot paths.
    /// <c>dotnet run -c Release --project benchmarks/AnoOnly.Benchmarks.Micro -- --filter '*'</c>
    /// (add <c>--job short</c> for a quicker, less precise run).
    /// </summary>
    public static class Program
    {
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
