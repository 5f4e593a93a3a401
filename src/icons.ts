/** The extension's icons. */
import { LabIcon } from '@jupyterlab/ui-components';

const exercisesSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M12 3 1 9l11 6 9-4.91V17h2V9L12 3zm0 9.6L5.2 9 12 5.4 18.8 9 12 12.6z"/>
    <path d="M5 13.18v4L12 21l7-3.82v-4L12 17l-7-3.82z"/>
  </g>
</svg>`;

/** The exercise panel's icon: a mortarboard. */
export const exercisesIcon = new LabIcon({
  name: 'mltutor:exercises',
  svgstr: exercisesSvg
});
