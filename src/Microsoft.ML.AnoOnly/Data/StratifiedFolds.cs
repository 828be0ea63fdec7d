using System;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>
    /// A stratified K-fold split of the training rows into labeled anomalies and unlabeled rows: each class is
    /// shuffled and dealt round-robin, so every fold holds a near-equal share of each. K is capped by the number of
    /// labeled anomalies, so no held-out fold lacks one.
    /// </summary>
    internal sealed class StratifiedFolds
    {
        private StratifiedFolds(int count, int[] anomalyFold, int[] unlabeledFold)
        {
            Count = count;
            AnomalyFold = anomalyFold;
            UnlabeledFold = unlabeledFold;
        }

        /// <summary>The number of folds.</summary>
        public int Count { get; }

        /// <summary>The fold of each labeled anomaly, by its index among the labeled anomalies.</summary>
        public int[] AnomalyFold { get; }

        /// <summary>The fold of each unlabeled row, by its index among the unlabeled rows.</summary>
        public int[] UnlabeledFold { get; }

        /// <param name="anomalyCount">Labeled anomalies; at least 2.</param>
        /// <param name="unlabeledCount">Unlabeled rows.</param>
        /// <param name="requestedFolds">Folds wanted; at least 2, lowered to the number of labeled anomalies.</param>
        /// <param name="random">Source of the shuffles.</param>
        /// <param name="labelColumn">Named in the error when there are too few labeled anomalies.</param>
        public static StratifiedFolds Create(int anomalyCount, int unlabeledCount, int requestedFolds, Random random, string labelColumn)
        {
            if (requestedFolds < 2)
                throw new ArgumentOutOfRangeException(nameof(requestedFolds), requestedFolds, "At least 2 folds are needed.");
            if (anomalyCount < 2)
                throw new AnoOnlyInputException(
                    $"The sweep cross-validates on labeled anomalies and the training data has {anomalyCount} in column " +
                    $"'{labelColumn}'; it needs at least 2 (one to train on and one to score, per fold). Train with the " +
                    "default options instead, or label more anomalies.", labelColumn);
            int count = Math.Min(requestedFolds, anomalyCount);
            if (unlabeledCount < count)
                throw new AnoOnlyInputException(
                    $"The training data has {unlabeledCount} unlabeled rows in column '{labelColumn}'; {count}-fold " +
                    $"cross-validation needs at least {count}.", labelColumn);
            return new StratifiedFolds(count, Deal(anomalyCount, count, random), Deal(unlabeledCount, count, random));
        }

        private static int[] Deal(int rows, int folds, Random random)
        {
            int[] order = Enumerable.Range(0, rows).ToArray();
            random.Shuffle(order);
            var fold = new int[rows];
            for (int position = 0; position < rows; position++)
                fold[order[position]] = position % folds;
            return fold;
        }

        /// <summary>Fold <paramref name="k"/>'s complement (to train on) and fold <paramref name="k"/> itself (to score).</summary>
        public (TrainingSet Train, TrainingSet HeldOut) Split(TrainingSet data, int k)
        {
            int[] Rows(int[] foldOf, bool inFold) => Enumerable.Range(0, foldOf.Length).Where(i => (foldOf[i] == k) == inFold).ToArray();
            return (data.Subset(Rows(AnomalyFold, false), Rows(UnlabeledFold, false)),
                data.Subset(Rows(AnomalyFold, true), Rows(UnlabeledFold, true)));
        }
    }
}
