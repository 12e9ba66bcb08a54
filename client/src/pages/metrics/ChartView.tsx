/**
 * Chart.js in a Solid component: the chart is made on mount, its data replaced (and redrawn) when the
 * props change, and destroyed on cleanup. It fills its box (fixed height, the width of the parent) and
 * follows its size. Only the pieces the console uses are registered, so the rest is left out of the build.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
  type ChartType,
} from 'chart.js';
import { createEffect, on, onCleanup, onMount } from 'solid-js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = '#6b7485';

/** Short transitions, none for readers who ask for reduced motion. */
function animation(): ChartOptions['animation'] {
  return matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 250 };
}

export interface ChartViewProps<T extends ChartType> {
  type: T;
  data: ChartData<T>;
  options?: ChartOptions<T>;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  height?: number;
}

export function ChartView<T extends ChartType>(props: ChartViewProps<T>) {
  let canvas!: HTMLCanvasElement;
  let chart: Chart<T> | undefined;
  onMount(() => {
    chart = new Chart<T>(canvas, {
      type: props.type,
      data: props.data,
      options: { responsive: true, maintainAspectRatio: false, animation: animation(), ...props.options } as ChartOptions<T>,
    });
  });
  createEffect(
    on(
      () => props.data,
      (data) => {
        if (!chart) return;
        chart.data = data;
        chart.update();
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => props.options,
      (options) => {
        if (!chart || !options) return;
        chart.options = { responsive: true, maintainAspectRatio: false, animation: animation(), ...options } as ChartOptions<T>;
        chart.update();
      },
      { defer: true },
    ),
  );
  onCleanup(() => {
    chart?.destroy();
    chart = undefined;
  });
  return (
    <div class="chart-box" style={{ height: `${props.height ?? 240}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
