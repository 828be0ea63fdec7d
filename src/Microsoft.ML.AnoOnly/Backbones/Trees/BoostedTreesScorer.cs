using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.AnoOnly.Onnx;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.Trees
{
    /// <summary>
    /// Score = the sum over the trees of the leaf each row reaches (the boosted log-odds of being an anomaly). The leaf
    /// values are multiples of one power of two (<see cref="LeafQuantum"/>), so the sum is exact in any order: a row
    /// scores to the same bits alone, in a block and in ONNX Runtime.
    /// </summary>
    internal sealed class BoostedTreesScorer : IAnomalyScorer
    {
        /// <summary>Shapley weights <c>s! (p - s - 1)! / p!</c> for p = 1, 2, 3 players and coalitions of s.</summary>
        private static readonly double[][] ShapleyWeights = { Array.Empty<double>(), new[] { 1.0 }, new[] { 0.5, 0.5 }, new[] { 1 / 3.0, 1 / 6.0, 1 / 3.0 } };

        private const int Lanes = 8;

        private readonly float[] _trees;
        private readonly int _count;

        /// <summary>The trees eight at a time for single rows: their thresholds and leaves, and the features their root, left
        /// and right nodes read ([group][node][lane]; a lane past the last tree reads feature 0 and adds 0).</summary>
        private readonly DepthTwoTree.Lanes[] _eightTrees;
        private readonly int[] _eightFeatures;

        public BoostedTreesScorer(MemberState member)
        {
            FeatureCount = member.FeatureCount;
            _count = member.Rows(BoostedTreesMember.Trees, DepthTwoTree.Width);
            _trees = member.Get(BoostedTreesMember.Trees, _count, DepthTwoTree.Width);
            Check(_trees, FeatureCount);
            int groups = (_count + Lanes - 1) / Lanes;
            _eightTrees = new DepthTwoTree.Lanes[groups];
            _eightFeatures = new int[groups * 3 * Lanes];
            for (int g = 0; g < groups; g++)
            {
                _eightTrees[g] = new DepthTwoTree.Lanes(_trees, g * Lanes);
                for (int node = 0; node < 3; node++)
                {
                    for (int l = 0, t = g * Lanes; l < Lanes && t < _count; l++, t++)
                        _eightFeatures[(g * 3 + node) * Lanes + l] = (int)_trees[t * DepthTwoTree.Width + DepthTwoTree.FeatureFields[node]];
                }
            }
        }

        public int FeatureCount { get; }

        /// <summary>A saved model can come from anywhere: every feature index must name a feature, no threshold may be NaN
        /// and every leaf must be finite, or scoring could read outside a row or return NaN.</summary>
        private static void Check(float[] trees, int featureCount)
        {
            for (int t = 0; t < trees.Length; t += DepthTwoTree.Width)
            {
                foreach (int field in DepthTwoTree.FeatureFields)
                {
                    float feature = trees[t + field];
                    if (!(feature >= 0 && feature < featureCount && feature == MathF.Floor(feature)) || float.IsNaN(trees[t + field + 1]))
                        throw new AnoOnlyModelFormatException(
                            $"The boosted-trees member's tree {t / DepthTwoTree.Width} splits on feature {feature} at {trees[t + field + 1]}; " +
                            $"the model reads {featureCount} features.");
                }
                for (int leaf = 0; leaf < 4; leaf++)
                {
                    if (!float.IsFinite(trees[t + DepthTwoTree.FirstLeaf + leaf]))
                        throw new AnoOnlyModelFormatException($"The boosted-trees member's tree {t / DepthTwoTree.Width} has a leaf that is not finite.");
                }
            }
        }

        private ReadOnlySpan<float> Tree(int t) => _trees.AsSpan(t * DepthTwoTree.Width, DepthTwoTree.Width);

        /// <summary>The leaves added in tree order; where the processor has 256-bit vectors, eight trees are walked at once.
        /// The extra lanes of the last eight add 0, which changes no sum (the sum starts at +0, so it is never -0). Without
        /// such vectors, a block of one row.</summary>
        public float Score(ReadOnlySpan<float> features)
        {
            if (!Vector256.IsHardwareAccelerated)
            {
                Span<float> one = stackalloc float[1];
                ScoreBlock(features, 1, one);
                return one[0];
            }
            float sum = 0;
            for (int g = 0; g < _eightTrees.Length; g++)
            {
                (Vector256<float> root, Vector256<float> left, Vector256<float> right) = NodeValues(features, g);
                Vector256<float> leaves = _eightTrees[g].Values(root, left, right);
                for (int l = 0; l < Lanes; l++)
                    sum += leaves.GetElement(l);
            }
            return sum;
        }

        /// <summary>The values of <paramref name="row"/> that the root, the left and the right node of trees 8g to 8g + 7
        /// read, one tree a lane.</summary>
        private (Vector256<float> Root, Vector256<float> Left, Vector256<float> Right) NodeValues(ReadOnlySpan<float> row, int g)
        {
            ReadOnlySpan<int> nodes = _eightFeatures.AsSpan(g * 3 * Lanes, 3 * Lanes);
            return (Gather(row, nodes.Slice(0, Lanes)), Gather(row, nodes.Slice(Lanes, Lanes)), Gather(row, nodes.Slice(2 * Lanes, Lanes)));
        }

        private static Vector256<float> Gather(ReadOnlySpan<float> row, ReadOnlySpan<int> features)
            => Vector256.Create(row[features[0]], row[features[1]], row[features[2]], row[features[3]],
                row[features[4]], row[features[5]], row[features[6]], row[features[7]]);

        /// <summary>Rows turned lane-major at a time (<see cref="ScoreBlock"/>): 128 rows of 30 features take 15 KB, which stay
        /// in the first-level cache while every tree passes over them.</summary>
        private const int Panel = 128;

        /// <summary>Tree by tree over the block (each tree's fields read once), eight rows at a time where the processor has
        /// 256-bit vectors. Each row gets the same leaf and the same additions in the same order as in <see cref="Score"/>.
        /// The rows are first copied lane-major in panels ([group of eight rows][feature][row of the group]), so that a tree
        /// reads a feature of eight rows with one load instead of eight.</summary>
        public void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores)
        {
            int width = FeatureCount;
            if (rows.Length < count * width || scores.Length < count)
                throw new ArgumentException("The block holds fewer rows or scores than its count.", nameof(count));
            scores.Slice(0, count).Clear();
            int whole = Vector256.IsHardwareAccelerated ? count - count % Lanes : 0;
            if (whole > 0)
            {
                float[] panel = ScoringScratch.Rent((long)Math.Min(Panel, whole) * width);
                try
                {
                    for (int start = 0; start < whole; start += Panel)
                        ScorePanel(rows.Slice(start * width), Math.Min(Panel, whole - start), scores.Slice(start), panel);
                }
                finally
                {
                    ScoringScratch.Return(panel);
                }
            }
            for (int t = 0; t < _count; t++)
            {
                ReadOnlySpan<float> tree = Tree(t);
                // Feature indices were checked against the width when the model was loaded, so every read is inside its row.
                int root = (int)tree[DepthTwoTree.RootFeature], left = (int)tree[DepthTwoTree.LeftFeature], right = (int)tree[DepthTwoTree.RightFeature];
                for (int r = whole, offset = whole * width; r < count; r++, offset += width)
                    scores[r] += tree[DepthTwoTree.FirstLeaf + DepthTwoTree.Leaf(tree, rows[offset + root], rows[offset + left], rows[offset + right])];
            }
        }

        /// <summary>Every tree over <paramref name="count"/> rows (a multiple of eight), through <paramref name="panel"/>.</summary>
        private void ScorePanel(ReadOnlySpan<float> rows, int count, Span<float> scores, float[] panel)
        {
            int width = FeatureCount;
            for (int r = 0; r < count; r++)
            {
                int group = r / Lanes, lane = r % Lanes;
                for (int f = 0; f < width; f++)
                    panel[(group * width + f) * Lanes + lane] = rows[r * width + f];
            }
            ref float lanes0 = ref MemoryMarshal.GetArrayDataReference(panel);
            ref float score0 = ref MemoryMarshal.GetReference(scores);
            for (int t = 0; t < _count; t++)
            {
                ReadOnlySpan<float> tree = Tree(t);
                int root = (int)tree[DepthTwoTree.RootFeature] * Lanes, left = (int)tree[DepthTwoTree.LeftFeature] * Lanes,
                    right = (int)tree[DepthTwoTree.RightFeature] * Lanes;
                var tree8 = new DepthTwoTree.Lanes(tree);
                for (int r = 0; r < count; r += Lanes)
                {
                    ref float group = ref Unsafe.Add(ref lanes0, r * width);
                    Vector256<float> values = tree8.Values(Vector256.LoadUnsafe(ref group, (nuint)root), Vector256.LoadUnsafe(ref group, (nuint)left),
                        Vector256.LoadUnsafe(ref group, (nuint)right));
                    (Vector256.LoadUnsafe(ref score0, (nuint)r) + values).StoreUnsafe(ref score0, (nuint)r);
                }
            }
        }

        /// <summary>Each node field of all trees becomes one tensor: Gather picks every tree's feature of the row, Greater
        /// compares it with the thresholds, three Where pick the leaf, and ReduceSum adds the trees.</summary>
        public string EmitOnnx(OnnxGraphBuilder graph, string features)
        {
            string Field(int field) => graph.Constant($"trees.field{field}", Column(field), _count);
            string GoesRight(int featureField)
            {
                var indices = new long[_count];
                for (int t = 0; t < _count; t++)
                    indices[t] = (long)_trees[t * DepthTwoTree.Width + featureField];
                string values = graph.Node("Gather", new[] { features, graph.Constant($"trees.feature{featureField}", indices) }, null,
                    OnnxGraphBuilder.Int("axis", 1));
                return graph.Node("Greater", new[] { values, Field(featureField + 1) });
            }
            int leaf = DepthTwoTree.FirstLeaf;
            string left = graph.Node("Where", new[] { GoesRight(DepthTwoTree.LeftFeature), Field(leaf + 1), Field(leaf) });
            string right = graph.Node("Where", new[] { GoesRight(DepthTwoTree.RightFeature), Field(leaf + 3), Field(leaf + 2) });
            string value = graph.Node("Where", new[] { GoesRight(DepthTwoTree.RootFeature), right, left });
            return graph.Node("ReduceSum", new[] { value }, null, OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 1));
        }

        private float[] Column(int field)
        {
            var values = new float[_count];
            for (int t = 0; t < _count; t++)
                values[t] = _trees[t * DepthTwoTree.Width + field];
            return values;
        }

        /// <summary>
        /// Exact Shapley values of each tree between <paramref name="reference"/> and <paramref name="row"/> (baseline
        /// Shapley): a tree reads at most three features, so all of their coalitions (at most eight) are evaluated, a
        /// coalition's features taken from the row and the others from the reference. Per tree they add up to
        /// <c>tree(row) - tree(reference)</c> exactly, so over the trees to <c>Score(row) - Score(reference)</c>, and a
        /// feature whose value sends the row down the same branches as the reference's gets nothing. A coalition decides
        /// only which way each of the three nodes goes, the row's way or the reference's, so the ways of the row and of
        /// the reference are found once, eight trees at a time, with the comparisons of scoring; a tree where the two go
        /// the same way at every node gives every feature exactly zero and is skipped.
        /// </summary>
        public void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions)
        {
            contributions.Slice(0, FeatureCount).Clear();
            Span<int> players = stackalloc int[3];
            Span<int> playerOfNode = stackalloc int[3];
            Span<float> values = stackalloc float[8];
            for (int g = 0; g < _eightTrees.Length; g++)
            {
                (uint rowRoot, uint rowLeft, uint rowRight) = _eightTrees[g].Ways(NodeValues(row, g));
                (uint referenceRoot, uint referenceLeft, uint referenceRight) = _eightTrees[g].Ways(NodeValues(reference, g));
                // The trees (lanes) where the row and the reference part at some node, in order.
                for (uint parting = (rowRoot ^ referenceRoot) | (rowLeft ^ referenceLeft) | (rowRight ^ referenceRight); parting != 0;
                     parting &= parting - 1)
                {
                    int lane = BitOperations.TrailingZeroCount(parting);
                    if (g * Lanes + lane >= _count)
                        break;
                    ReadOnlySpan<float> tree = Tree(g * Lanes + lane);
                    int p = 0;
                    for (int node = 0; node < 3; node++)
                    {
                        int feature = _eightFeatures[(g * 3 + node) * Lanes + lane];
                        int player = players.Slice(0, p).IndexOf(feature);
                        if (player < 0)
                            players[player = p++] = feature;
                        playerOfNode[node] = player;
                    }
                    uint laneBit = 1u << lane;
                    for (int mask = 0; mask < 1 << p; mask++)
                    {
                        // A node goes the row's way if its feature is in the coalition, else the reference's.
                        uint root = (mask & (1 << playerOfNode[0])) != 0 ? rowRoot : referenceRoot;
                        uint left = (mask & (1 << playerOfNode[1])) != 0 ? rowLeft : referenceLeft;
                        uint right = (mask & (1 << playerOfNode[2])) != 0 ? rowRight : referenceRight;
                        values[mask] = tree[DepthTwoTree.FirstLeaf + DepthTwoTree.Leaf((root & laneBit) != 0, (left & laneBit) != 0, (right & laneBit) != 0)];
                    }
                    AddShapleyValues(values.Slice(0, 1 << p), players.Slice(0, p), contributions);
                }
            }
        }

        /// <summary>Adds each player's exact Shapley value to its feature's contribution, from the tree's value
        /// <paramref name="values"/>[mask] for every coalition (bits over <paramref name="players"/>).</summary>
        private static void AddShapleyValues(ReadOnlySpan<float> values, ReadOnlySpan<int> players, Span<float> contributions)
        {
            int p = players.Length;
            double[] weights = ShapleyWeights[p];
            for (int j = 0; j < p; j++)
            {
                double phi = 0;
                for (int mask = 0; mask < 1 << p; mask++)
                {
                    if ((mask & (1 << j)) == 0)
                        phi += weights[BitOperations.PopCount((uint)mask)] * ((double)values[mask | (1 << j)] - values[mask]);
                }
                contributions[players[j]] += (float)phi;
            }
        }
    }
}
