using System;

namespace Microsoft.ML.AnoOnly.Backbones.Trees
{
    /// <summary>
    /// How one tree of depth two is stored: ten floats, the root's feature and threshold, its left and right child's,
    /// then the four leaf values (left-left, left-right, right-left, right-right). A row goes right where its value is
    /// above the threshold. A node that does not split keeps both its leaves equal (and threshold +infinity), so every
    /// tree has the same shape: scoring has no branches on the shape, and ONNX gets one tensor per field.
    /// </summary>
    internal static class DepthTwoTree
    {
        public const int Width = 10;
        public const int RootFeature = 0, RootThreshold = 1, LeftFeature = 2, LeftThreshold = 3, RightFeature = 4, RightThreshold = 5;
        public const int FirstLeaf = 6;

        /// <summary>The features of the root, the left and the right node.</summary>
        public static readonly int[] FeatureFields = { RootFeature, LeftFeature, RightFeature };

        /// <summary>The leaf (0 to 3) reached where the root's, the left and the right node's features have these values:
        /// the one rule of the trees (scoring reads them from a row, explanations from a mix of a row and the reference).</summary>
        public static int Leaf(ReadOnlySpan<float> tree, float rootValue, float leftValue, float rightValue)
        {
            int right = rootValue > tree[RootThreshold] ? 1 : 0;
            int below = right == 1 ? (rightValue > tree[RightThreshold] ? 1 : 0) : (leftValue > tree[LeftThreshold] ? 1 : 0);
            return 2 * right + below;
        }

        /// <summary>The value of the leaf a row reaches.</summary>
        public static float Value(ReadOnlySpan<float> tree, ReadOnlySpan<float> row)
            => tree[FirstLeaf + Leaf(tree, row[(int)tree[RootFeature]], row[(int)tree[LeftFeature]], row[(int)tree[RightFeature]])];
    }
}
