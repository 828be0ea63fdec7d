using System;

namespace Microsoft.ML.AnoOnly.Backbones.Trees
{
    /// <summary>
    /// Rounds every leaf value to a multiple of one power of two, <c>q</c>, small enough that any sum of one leaf per tree
    /// is a multiple of <c>q</c> below <c>2^24 q</c> in magnitude: such sums are exact in float, in any order. So the managed
    /// scorer (trees in order), its blocks, and ONNX Runtime's ReduceSum (its own order) give the same bits. The rounding
    /// moves a score by at most <c>trees x q / 2</c>, about 10^-5 of its range.
    /// </summary>
    internal static class LeafQuantum
    {
        public static float[] Round(double[] trees, int count)
        {
            double bound = 0;
            for (int t = 0; t < count; t++)
            {
                double largest = 0;
                for (int leaf = 0; leaf < 4; leaf++)
                    largest = Math.Max(largest, Math.Abs(trees[t * DepthTwoTree.Width + DepthTwoTree.FirstLeaf + leaf]));
                bound += largest;
            }
            double quantum = Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(bound, 1e-6))) - 23);
            var rounded = new float[trees.Length];
            for (int i = 0; i < trees.Length; i++)
            {
                bool leaf = i % DepthTwoTree.Width >= DepthTwoTree.FirstLeaf;
                rounded[i] = (float)(leaf ? Math.Round(trees[i] / quantum) * quantum : trees[i]);
            }
            return rounded;
        }
    }
}
