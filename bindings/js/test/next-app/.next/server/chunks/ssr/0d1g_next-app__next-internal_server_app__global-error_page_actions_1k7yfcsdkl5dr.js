module.exports=[1718,a=>{"use strict";a.s([])}];

//# sourceMappingURL=0d1g_next-app__next-internal_server_app__global-error_page_actions_1k7yfcsdkl5dr.js.map