/** Types of charts.js, for the TypeScript modules that draw panels (the run report, the evidence API). */
import type { TreeNode } from './tree.js';

export interface Bar {
  label: string;
  value: number;
  low?: number | null;
  high?: number | null;
  n?: number | null;
  highlight?: boolean;
  note?: string;
}

export interface Panel {
  title: string;
  subtitle?: string;
  kind?: 'bars' | 'series';
  unit?: 'fraction' | 'number';
  reference?: number | null;
  bars: Bar[];
}

export function formatValue(value: number | null | undefined, unit?: 'fraction' | 'number'): string;
export function niceTicks(min: number, max: number, count?: number): number[];
export function barChart(panel: Panel): TreeNode;
export function seriesChart(panel: Panel): TreeNode;
export function panelFigure(panel: Panel): TreeNode;
