using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;

namespace Microsoft.ML.AnoOnly.Cli.Reports
{
    /// <summary>How well scores rank true anomalies first: the figures <c>anoonly evaluate</c> prints.</summary>
    internal sealed class RankingReport
    {
        private readonly float[] _scores;
        private readonly bool[] _isAnomaly;
        private readonly int[] _descending;

        public RankingReport(float[] scores, bool[] isAnomaly)
        {
            if (scores.Length != isAnomaly.Length)
                throw new ArgumentException($"{scores.Length} scores but {isAnomaly.Length} labels.");
            Anomalies = isAnomaly.Count(a => a);
            if (Anomalies == 0 || Anomalies == isAnomaly.Length)
                throw new CliUserException(
                    $"Evaluation needs both anomalies and normal rows in the label column; found {Anomalies} anomalies in {isAnomaly.Length} rows.");
            _scores = scores;
            _isAnomaly = isAnomaly;
            float[] keys = scores.Select(s => -s).ToArray();
            _descending = Enumerable.Range(0, scores.Length).ToArray();
            Array.Sort(keys, _descending);
        }

        public int Rows => _scores.Length;

        public int Anomalies { get; }

        public double AreaUnderRocCurve => AnomalyMetrics.AreaUnderRocCurve(_scores, _isAnomaly);

        public double AreaUnderPrecisionRecallCurve => AnomalyMetrics.AveragePrecision(_scores, _isAnomaly);

        /// <summary>
        /// The share of anomalies an analyst finds by reviewing rows in score order until the K-th false
        /// positive: anomalies ranked in groups of equal score that keep the false positives at most K.
        /// </summary>
        public double DetectionRateAtFalsePositives(int k)
        {
            long truePositives = 0, falsePositives = 0;
            foreach ((int tp, int fp) in Groups())
            {
                if (falsePositives + fp > k)
                    break;
                truePositives += tp;
                falsePositives += fp;
            }
            return (double)truePositives / Anomalies;
        }

        /// <summary>How many rows the model flags (its <c>PredictedLabel</c>), with precision and recall.</summary>
        public (int Flagged, double Precision, double Recall) OfPredictions(IReadOnlyList<bool> predicted)
        {
            if (predicted.Count != _scores.Length)
                throw new ArgumentException($"{predicted.Count} predictions for {_scores.Length} rows.", nameof(predicted));
            int flagged = 0, hits = 0;
            for (int i = 0; i < _scores.Length; i++)
            {
                if (predicted[i])
                {
                    flagged++;
                    if (_isAnomaly[i])
                        hits++;
                }
            }
            return (flagged, flagged == 0 ? 0 : (double)hits / flagged, (double)hits / Anomalies);
        }

        /// <summary>The ROC curve from (0, 0) to (1, 1): one point per group of equal scores.</summary>
        public (double[] FalsePositiveRate, double[] TruePositiveRate) RocCurve()
        {
            int negatives = Rows - Anomalies;
            var fpr = new List<double> { 0 };
            var tpr = new List<double> { 0 };
            long tp = 0, fp = 0;
            foreach ((int groupTp, int groupFp) in Groups())
            {
                tp += groupTp;
                fp += groupFp;
                fpr.Add((double)fp / negatives);
                tpr.Add((double)tp / Anomalies);
            }
            return (fpr.ToArray(), tpr.ToArray());
        }

        /// <summary>True and false positives per group of equal score, highest score first.</summary>
        private IEnumerable<(int TruePositives, int FalsePositives)> Groups()
        {
            int i = 0;
            while (i < _descending.Length)
            {
                int tp = 0, fp = 0;
                float score = _scores[_descending[i]];
                while (i < _descending.Length && _scores[_descending[i]] == score)
                {
                    if (_isAnomaly[_descending[i]])
                        tp++;
                    else
                        fp++;
                    i++;
                }
                yield return (tp, fp);
            }
        }
    }
}
