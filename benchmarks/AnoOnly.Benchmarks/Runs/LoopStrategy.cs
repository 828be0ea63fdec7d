using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>
    /// One way of running the analyst loop: which rows the analyst reviews next (<see cref="Strategy"/>) and whether the
    /// rows found normal are given to the trainer as confirmed normals (else they stay unlabeled, the behaviour before
    /// the trainer read confirmed normals).
    /// </summary>
    internal sealed record LoopStrategy(string Name, AnoOnlyReviewStrategy Strategy, bool ConfirmedNormals)
    {
        /// <summary>The loop mode's default comparison: today's top-scored review that drops the normals it finds, the same
        /// with confirmed normals, the recommended strategy with confirmed normals, and random review with confirmed
        /// normals as the baseline.</summary>
        public static IReadOnlyList<LoopStrategy> Defaults { get; } = new[]
        {
            new LoopStrategy("TopScored-DropNormals", AnoOnlyReviewStrategy.TopScored, false),
            Of(AnoOnlyReviewStrategy.TopScored),
            Of(AnoOnlyReviewStrategy.TopDiverse),
            Of(AnoOnlyReviewStrategy.Random),
        };

        /// <summary>A strategy with confirmed normals, named as its <see cref="AnoOnlyReviewStrategy"/> value.</summary>
        public static LoopStrategy Of(AnoOnlyReviewStrategy strategy) => new(strategy.ToString(), strategy, true);

        /// <summary>Parses <c>--loop-strategies</c>: names of <see cref="AnoOnlyReviewStrategy"/> values (with confirmed
        /// normals), or one with the suffix <c>-DropNormals</c> (without).</summary>
        public static IReadOnlyList<LoopStrategy> Parse(string? list)
        {
            if (string.IsNullOrWhiteSpace(list))
                return Defaults;
            return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name =>
            {
                bool drop = name.EndsWith("-DropNormals", StringComparison.OrdinalIgnoreCase);
                string strategyName = drop ? name[..^"-DropNormals".Length] : name;
                if (!Enum.TryParse(strategyName, ignoreCase: true, out AnoOnlyReviewStrategy strategy) || !Enum.IsDefined(strategy))
                    throw new ArgumentException($"--loop-strategies: '{name}' is not one of {string.Join(", ", Enum.GetNames<AnoOnlyReviewStrategy>())} " +
                        "(optionally with -DropNormals).");
                return drop ? new LoopStrategy(strategy + "-DropNormals", strategy, false) : Of(strategy);
            }).ToArray();
        }
    }
}
