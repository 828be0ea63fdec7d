using System;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Backbones.Trees
{
    /// <summary>
    /// Gradient boosting of depth-two trees on the logistic loss (second-order steps with an L2 penalty on the leaf
    /// values, as XGBoost and LightGBM do): labeled anomalies against the other rows. The two classes weigh the same in
    /// total, so a handful of anomalies is not lost against thousands of unlabeled rows, and every weight is scaled so that
    /// the mean row weighs 1 (the penalty and the smallest leaf then mean the same on every set). Depth two lets a tree
    /// say "high in one feature and low in another" and keeps each tree's explanation exact and cheap
    /// (<see cref="BoostedTreesScorer.Explain"/>). Deterministic: no sampling inside the rounds.
    /// </summary>
    internal sealed class TreeBooster
    {
        public const int Rounds = 100;
        public const double LearningRate = 0.1;

        /// <summary>
        /// The L2 penalty on a leaf's value, in anomalies: the curvature of this many labeled anomalies at probability 1/2
        /// (plus 1, the usual penalty in row weights). A leaf then needs the evidence of several anomalies before its value
        /// moves far, so the later rounds cannot carve out each labeled anomaly from the unlabeled anomalies around it (which
        /// the protocol's unlabeled rows hold nine times as many of as there are labels). On synthetic data with 5 to 30
        /// labels (tests), a penalty of 4 anomalies kept 100 rounds from overfitting (held-out AUC-ROC 0.95-0.99 against
        /// 0.87-0.99 without); 8 or 16 changed little.
        /// </summary>
        public const double PenaltyInAnomalies = 4;

        /// <summary>The least weight of curvature a leaf needs: a leaf holding a single anomaly is allowed (the region beyond
        /// every normal value is often exactly that), a leaf of one unlabeled row is not.</summary>
        public const double MinLeafHessian = 1;

        private readonly FeatureBins _bins;
        private readonly bool[] _isAnomaly;
        private readonly double[] _weight, _margin, _gradient, _hessian;
        private readonly int _rows, _width, _maxBins;
        private readonly double[] _histogramG, _histogramH, _otherG, _otherH;
        private readonly int[] _order, _rightRows;
        private readonly double _l2;

        private TreeBooster(FeatureBins bins, bool[] isAnomaly, int width)
        {
            _bins = bins;
            _isAnomaly = isAnomaly;
            _rows = isAnomaly.Length;
            _width = width;
            int anomalies = 0;
            foreach (bool a in isAnomaly)
                anomalies += a ? 1 : 0;
            double anomalyWeight = _rows / (2.0 * anomalies), otherWeight = _rows / (2.0 * (_rows - anomalies));
            _weight = new double[_rows];
            for (int i = 0; i < _rows; i++)
                _weight[i] = isAnomaly[i] ? anomalyWeight : otherWeight;
            _margin = new double[_rows];
            _gradient = new double[_rows];
            _hessian = new double[_rows];
            _order = new int[_rows];
            _rightRows = new int[_rows];
            foreach (float[] cuts in bins.Thresholds)
                _maxBins = Math.Max(_maxBins, cuts.Length + 1);
            _l2 = 1 + PenaltyInAnomalies * anomalyWeight * 0.25;
            _histogramG = new double[width * _maxBins];
            _histogramH = new double[width * _maxBins];
            _otherG = new double[width * _maxBins];
            _otherH = new double[width * _maxBins];
        }

        /// <summary>The trees (<see cref="DepthTwoTree"/> layout, one after the other) boosted on
        /// <paramref name="rows"/> (row-major, <paramref name="width"/> features), both classes present.</summary>
        public static float[] Fit(float[] rows, bool[] isAnomaly, int width, CancellationToken cancellation)
        {
            FeatureBins bins = FeatureBins.Build(rows, isAnomaly.Length, width, isAnomaly);
            var booster = new TreeBooster(bins, isAnomaly, width);
            var trees = new double[Rounds * DepthTwoTree.Width];
            for (int round = 0; round < Rounds; round++)
            {
                cancellation.ThrowIfCancellationRequested();
                booster.Grow(trees.AsSpan(round * DepthTwoTree.Width, DepthTwoTree.Width));
            }
            return LeafQuantum.Round(trees, Rounds);
        }

        /// <summary>One round: the gradients at the current margins, the root's best split, each child's, the leaf values,
        /// and the margins moved by the new tree.</summary>
        private void Grow(Span<double> tree)
        {
            for (int i = 0; i < _rows; i++)
            {
                double p = 1 / (1 + Math.Exp(-_margin[i]));
                _gradient[i] = _weight[i] * (p - (_isAnomaly[i] ? 1 : 0));
                _hessian[i] = _weight[i] * Math.Max(p * (1 - p), 1e-16);
                _order[i] = i;
            }
            Histogram(_order.AsSpan(), _histogramG, _histogramH);
            Split root = BestSplit(_histogramG, _histogramH);
            int leftCount = root.Found ? Partition(root) : _rows;
            Span<int> left = _order.AsSpan(0, leftCount), right = _order.AsSpan(leftCount);

            // The smaller child's histogram is computed, the larger one's is the parent's minus it.
            bool leftSmaller = left.Length <= right.Length;
            Histogram(leftSmaller ? left : right, _otherG, _otherH);
            for (int b = 0; b < _histogramG.Length; b++)
            {
                _histogramG[b] -= _otherG[b];
                _histogramH[b] -= _otherH[b];
            }
            (double[] leftG, double[] leftH, double[] rightG, double[] rightH) = leftSmaller
                ? (_otherG, _otherH, _histogramG, _histogramH)
                : (_histogramG, _histogramH, _otherG, _otherH);
            Split leftSplit = root.Found ? BestSplit(leftG, leftH) : Split.None;
            Split rightSplit = root.Found ? BestSplit(rightG, rightH) : Split.None;

            tree[DepthTwoTree.RootFeature] = root.Feature;
            tree[DepthTwoTree.RootThreshold] = Threshold(root);
            tree[DepthTwoTree.LeftFeature] = leftSplit.Feature;
            tree[DepthTwoTree.LeftThreshold] = Threshold(leftSplit);
            tree[DepthTwoTree.RightFeature] = rightSplit.Feature;
            tree[DepthTwoTree.RightThreshold] = Threshold(rightSplit);
            SetLeaves(tree.Slice(DepthTwoTree.FirstLeaf, 2), left, leftSplit);
            SetLeaves(tree.Slice(DepthTwoTree.FirstLeaf + 2, 2), right, rightSplit);

            for (int i = 0; i < _rows; i++)
            {
                int leaf = DepthTwoTree.Leaf(GoesRight(root, i), GoesRight(leftSplit, i), GoesRight(rightSplit, i));
                _margin[i] += (float)tree[DepthTwoTree.FirstLeaf + leaf];
            }
        }

        /// <summary>Whether training row <paramref name="row"/> goes right at a node split by <paramref name="split"/>
        /// (its bin is above the split's: its value is above the threshold).</summary>
        private bool GoesRight(Split split, int row) => split.Found && _bins.Bins[(long)split.Feature * _rows + row] > split.Bin;

        private float Threshold(Split split) => split.Found ? _bins.Thresholds[split.Feature][split.Bin] : float.MaxValue;

        /// <summary>The two leaves under a node: -G / (H + λ) of each side times the learning rate (both the same when
        /// the node does not split).</summary>
        private void SetLeaves(Span<double> leaves, Span<int> rows, Split split)
        {
            double g0 = 0, h0 = 0, g1 = 0, h1 = 0;
            foreach (int i in rows)
            {
                if (GoesRight(split, i))
                {
                    g1 += _gradient[i];
                    h1 += _hessian[i];
                }
                else
                {
                    g0 += _gradient[i];
                    h0 += _hessian[i];
                }
            }
            if (!split.Found)
            {
                leaves[0] = leaves[1] = -LearningRate * g0 / (h0 + _l2);
                return;
            }
            leaves[0] = -LearningRate * g0 / (h0 + _l2);
            leaves[1] = -LearningRate * g1 / (h1 + _l2);
        }

        private void Histogram(ReadOnlySpan<int> rows, double[] g, double[] h)
        {
            Array.Clear(g);
            Array.Clear(h);
            byte[] bins = _bins.Bins;
            for (int f = 0; f < _width; f++)
            {
                long column = (long)f * _rows;
                int offset = f * _maxBins;
                foreach (int i in rows)
                {
                    int b = offset + bins[column + i];
                    g[b] += _gradient[i];
                    h[b] += _hessian[i];
                }
            }
        }

        /// <summary>The split of largest gain, G_L²/(H_L+λ) + G_R²/(H_R+λ) - G²/(H+λ), with both sides above
        /// <see cref="MinLeafHessian"/>; the first feature and threshold on ties, so training is deterministic.</summary>
        private Split BestSplit(double[] g, double[] h)
        {
            Split best = Split.None;
            double bestGain = 1e-9;
            for (int f = 0; f < _width; f++)
            {
                int cuts = _bins.Thresholds[f].Length, offset = f * _maxBins;
                if (cuts == 0)
                    continue;
                double totalG = 0, totalH = 0;
                for (int b = 0; b <= cuts; b++)
                {
                    totalG += g[offset + b];
                    totalH += h[offset + b];
                }
                double parent = totalG * totalG / (totalH + _l2), leftG = 0, leftH = 0;
                for (int k = 0; k < cuts; k++)
                {
                    leftG += g[offset + k];
                    leftH += h[offset + k];
                    double rightG = totalG - leftG, rightH = totalH - leftH;
                    if (leftH < MinLeafHessian || rightH < MinLeafHessian)
                        continue;
                    double gain = leftG * leftG / (leftH + _l2) + rightG * rightG / (rightH + _l2) - parent;
                    if (gain > bestGain)
                    {
                        bestGain = gain;
                        best = new Split(f, k);
                    }
                }
            }
            return best;
        }

        /// <summary>Puts the rows that go left under <paramref name="split"/> first in <see cref="_order"/>; returns how many.</summary>
        private int Partition(Split split)
        {
            long column = (long)split.Feature * _rows;
            int write = 0, rightCount = 0;
            for (int i = 0; i < _rows; i++)
            {
                if (_bins.Bins[column + i] > split.Bin)
                    _rightRows[rightCount++] = i;
                else
                    _order[write++] = i;
            }
            _rightRows.AsSpan(0, rightCount).CopyTo(_order.AsSpan(write));
            return write;
        }

        private readonly record struct Split(int Feature, int Bin)
        {
            public static readonly Split None = new(0, -1);

            public bool Found => Bin >= 0;
        }
    }
}
