using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>Every method the benchmark knows, and the <c>--methods</c> filter over them.</summary>
    internal static class MethodCatalog
    {
        /// <summary>The methods of a default run: the one-liner's default, each backbone x {Full, AnoOnly}, then the
        /// ML.NET baselines and rivals.</summary>
        public static IReadOnlyList<IBenchmarkMethod> All()
        {
            var methods = new List<IBenchmarkMethod> { new DefaultMethod() };
            methods.AddRange(AnoOnlyMethod.ForEveryBackbone());
            methods.AddRange(new IBenchmarkMethod[]
            {
                new RandomizedPcaMethod(),
                new LightGbmMethod(),
                new FastTreeMethod(),
                new XgbodMethod(),
            });
            return methods;
        }

        /// <summary>Methods run only when <c>--methods</c> names them.</summary>
        public static IReadOnlyList<IBenchmarkMethod> OnRequest { get; } = new IBenchmarkMethod[] { new SweepMethod() };

        /// <summary>
        /// Keeps the methods named in <paramref name="filter"/> (comma list, case-insensitive). An entry is a
        /// method name (<c>DevNet-AnoOnly</c>), a backbone (<c>DevNet</c>: both losses) or a loss
        /// (<c>AnoOnly</c> or <c>Full</c>: every backbone). An unknown entry is an error.
        /// </summary>
        public static IReadOnlyList<IBenchmarkMethod> Select(IReadOnlyList<IBenchmarkMethod> all, string? filter)
        {
            if (string.IsNullOrWhiteSpace(filter))
                return all;
            // Methods too costly for the default run join only when named.
            all = all.Concat(OnRequest).ToList();
            var chosen = new List<IBenchmarkMethod>();
            foreach (string entry in filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var matches = all.Where(m => Matches(m, entry)).ToList();
                if (matches.Count == 0)
                    throw new ArgumentException(
                        $"--methods: unknown method '{entry}'. Known: {string.Join(", ", all.Select(m => m.Name))}, a backbone name, AnoOnly or Full.");
                chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
            }
            return chosen;
        }

        private static bool Matches(IBenchmarkMethod method, string entry)
        {
            if (string.Equals(method.Name, entry, StringComparison.OrdinalIgnoreCase))
                return true;
            if (method.Variant is not BackboneVariant variant)
                return false;
            return string.Equals(variant.LossName, entry, StringComparison.OrdinalIgnoreCase)
                || (AnoOnlyBackboneInfo.TryParse(entry, out var backbone) && backbone == variant.Backbone);
        }
    }
}
